"""Values while build.gradle runs, and Groovy's rules for them: truth, text and the operators."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from decimal import Decimal

COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


# Values while evaluating: str, int, Decimal, bool, None, list, and the classes below.
class Unsupported(Exception):
    """A construct the evaluator does not model; `what` completes "cannot evaluate …"."""

    def __init__(self, what: str, line: int):
        super().__init__(what)
        self.what = what
        self.line = line


@dataclass
class Scope:
    """The variables one block, loop or closure call defines, inside the scope around it."""

    names: dict
    parent: Scope | None = None

    def find(self, name: str) -> Scope | None:
        scope = self
        while scope is not None and name not in scope.names:
            scope = scope.parent
        return scope


@dataclass(frozen=True)
class Closure:
    """A closure value: its parameters, its body and the scope it was made in."""

    parameters: tuple
    body: tuple
    scope: Scope = field(compare=False)


@dataclass(frozen=True)
class Unknown:
    """The value of a variable whose expression could not be evaluated; reading it fails in turn."""

    what: str
    line: int


# Groovy's rules for these values.
def is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def kind_of(value) -> str:
    if is_number(value):
        return "a number"
    names = {str: "a string", list: "a list", bool: "a boolean", Closure: "a closure", type(None): "null"}
    return names.get(type(value), "an object")


def truth(value) -> bool:
    """Groovy truth: null, false, zero, and empty strings and lists are false; anything else is true."""
    return bool(value) if isinstance(value, int | Decimal | str | list) else value is not None


def text(value, line: int) -> str:
    """Groovy's toString, as GStrings and + apply it."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if is_number(value):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(text(item, line) for item in value) + "]"
    raise Unsupported(f"{kind_of(value)} turned into text", line)


def binary(symbol: str, left, right, line: int):
    if symbol == "+" and (
        isinstance(left, str) or (isinstance(right, str) and (left is None or is_number(left)))
    ):
        return text(left, line) + text(right, line)  # Groovy's null + 'a' is 'nulla'
    if symbol == "+" and isinstance(left, list):
        return left + (right if isinstance(right, list) else [right])
    if symbol in ("==", "!="):
        same = isinstance(left, bool) == isinstance(right, bool) and left == right
        return same == (symbol == "==")
    if symbol == "*" and isinstance(left, str) and is_number(right) and isinstance(right, int):
        return left * right
    both = (is_number(left) and is_number(right)) or (isinstance(left, str) and isinstance(right, str))
    if both and symbol in COMPARISONS:
        return COMPARISONS[symbol](left, right)
    if is_number(left) and is_number(right):
        if symbol in ARITHMETIC:
            return ARITHMETIC[symbol](left, right)
        exact = isinstance(left, int) and isinstance(right, int) and right != 0
        if exact and symbol == "%":
            return abs(left) % abs(right) * (-1 if left < 0 else 1)  # Java's remainder keeps the sign
        if exact and symbol == "/" and left % right == 0:
            return left // right
    raise Unsupported(f"`{symbol}` between {kind_of(left)} and {kind_of(right)}", line)


def unary(symbol: str, value, line: int):
    if symbol == "!":
        return not truth(value)
    if is_number(value):
        return -value
    raise Unsupported(f"`{symbol}` before {kind_of(value)}", line)
