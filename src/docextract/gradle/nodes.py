"""The syntax tree that parse.py makes of grammars/gradle.lark; statements are tuples of nodes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    """What every node has: the line and column it starts at."""

    line: int
    column: int


@dataclass(frozen=True)
class Literal(Node):
    """A number, a boolean, null, or a string without interpolation."""

    value: object


@dataclass(frozen=True)
class Text(Node):
    """A GString: text and interpolated expressions."""

    parts: tuple


@dataclass(frozen=True)
class Name(Node):
    """A name: a variable, a function or a closure."""

    name: str


@dataclass(frozen=True)
class Property(Node):
    """A property of an expression: `target.name`."""

    target: Node
    name: str


@dataclass(frozen=True)
class Index(Node):
    """An expression indexed: `target[key]`."""

    target: Node
    key: Node


@dataclass(frozen=True)
class Call(Node):
    """A call: `f(…)`, `target.method(…)`, or a command `f a, b`; a trailing closure is its last argument."""

    callee: Node  # a Name (a function or closure) or a Property (a method)
    arguments: tuple


@dataclass(frozen=True)
class Operation(Node):
    """A unary or binary operator applied: `!a`, `a + b`, `a && b`."""

    operator: str
    operands: tuple  # one for a unary operator


@dataclass(frozen=True)
class ListOf(Node):
    """A list literal: `[a, b, …]`."""

    items: tuple


@dataclass(frozen=True)
class ClosureLiteral(Node):
    """A closure as written, `{ a, b -> … }`; evaluated, it becomes a Closure (values.py)."""

    parameters: tuple
    body: tuple


@dataclass(frozen=True)
class Opaque(Node):
    """Parsed, but never evaluated: `new File(…)`, a map, a named argument."""

    what: str


@dataclass(frozen=True)
class Declare(Node):
    """A declaration of variables: `def a = 1, b` or `String s`."""

    names: tuple  # (name, initial expression or None)


@dataclass(frozen=True)
class Assign(Node):
    """An assignment: `target = value`, `+=`, `-=` or `*=` (`x++` and `x--` too)."""

    target: Node
    operator: str  # = += -= *=
    value: Node


@dataclass(frozen=True)
class Evaluate(Node):
    """An expression or a command standing as a statement; a closure returns the last one's value."""

    expression: Node


@dataclass(frozen=True)
class If(Node):
    """`if (condition) { then } else { otherwise }`; an else-if is an If in otherwise."""

    condition: Node
    then: tuple
    otherwise: tuple


@dataclass(frozen=True)
class For(Node):
    """A C-style loop: `for (start; condition; step) { body }`."""

    start: Node | None
    condition: Node | None
    step: Node | None
    body: tuple


@dataclass(frozen=True)
class Return(Node):
    """`return`, with or without a value."""

    value: Node | None
