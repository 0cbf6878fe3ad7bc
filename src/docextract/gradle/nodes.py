"""The syntax tree that parse.py makes of grammars/gradle.lark; statements are tuples of nodes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    line: int
    column: int


@dataclass(frozen=True)
class Literal(Node):
    value: object


@dataclass(frozen=True)
class Text(Node):  # a GString: text and interpolated expressions
    parts: tuple


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Property(Node):
    target: Node
    name: str


@dataclass(frozen=True)
class Index(Node):
    target: Node
    key: Node


@dataclass(frozen=True)
class Call(Node):
    callee: Node  # a Name (a function or closure) or a Property (a method)
    arguments: tuple


@dataclass(frozen=True)
class Operation(Node):
    operator: str
    operands: tuple  # one for a unary operator


@dataclass(frozen=True)
class ListOf(Node):
    items: tuple


@dataclass(frozen=True)
class ClosureLiteral(Node):
    parameters: tuple
    body: tuple


@dataclass(frozen=True)
class Opaque(Node):  # parsed, but never evaluated: `new File(…)`, a named argument
    what: str


@dataclass(frozen=True)
class Declare(Node):
    names: tuple  # (name, initial expression or None)


@dataclass(frozen=True)
class Assign(Node):
    target: Node
    operator: str  # = += -= *=
    value: Node


@dataclass(frozen=True)
class Evaluate(Node):
    expression: Node


@dataclass(frozen=True)
class If(Node):
    condition: Node
    then: tuple
    otherwise: tuple


@dataclass(frozen=True)
class For(Node):
    start: Node | None
    condition: Node | None
    step: Node | None
    body: tuple


@dataclass(frozen=True)
class Return(Node):
    value: Node | None
