"""Values while build.gradle runs, and Groovy's rules for them: truth, text and the operators."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from decimal import Decimal

COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}
# Bounds on what the file may build: Elasticsearch's largest setup has a few kB, while a string or list
# doubled in a loop would fill the memory long before the loop's limit.
MAX_TEXT = 4 * 2**20  # characters of a string (a page's own bound)
MAX_ITEMS = 100_000  # items of a list, counting those of the lists inside it
MAX_LIST_DEPTH = 100  # lists inside lists
MAX_NUMBER = 2**63  # past Java's long


# Values while evaluating: str, int, Decimal, bool, None, list, and the classes below.
class Unsupported(Exception):
    """A construct the evaluator does not model; `what` completes "cannot evaluate …"."""

    def __init__(self, what: str, line: int, cause: Unknown | None = None):
        super().__init__(what)
        self.what = what
        self.line = line
        self.cause = cause  # reading a variable that could not be evaluated: why it could not

    def unknown(self) -> Unknown:
        """What a variable set from this holds: the first cause, so that a loop never nests them."""
        return self.cause or Unknown(self.what, self.line)


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


class Items(list):
    """A Groovy list, with how many items it holds (those of its lists included) and how deep they nest."""

    weight = 0
    depth = 1


def make_list(items: list, line: int) -> Items:
    """The list of these items, or Unsupported past MAX_ITEMS or MAX_LIST_DEPTH."""
    inner = [item for item in items if isinstance(item, list)]
    made = Items(items)
    made.weight = len(items) + sum(getattr(item, "weight", len(item)) for item in inner)
    made.depth = 1 + max((getattr(item, "depth", 1) for item in inner), default=0)
    if made.weight > MAX_ITEMS:
        raise Unsupported(f"a list of more than {MAX_ITEMS:,} items", line)
    if made.depth > MAX_LIST_DEPTH:
        raise Unsupported(f"lists nested more than {MAX_LIST_DEPTH} deep", line)
    return made


def within(length: int, line: int) -> None:
    """Unsupported for a string of this length past MAX_TEXT, before it is made."""
    if length > MAX_TEXT:
        raise Unsupported(f"a string of more than {MAX_TEXT:,} characters", line)


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
        pieces, length = [], 0
        for item in value:  # the text of a list of long strings stops where it passes MAX_TEXT
            pieces.append(text(item, line))
            length += len(pieces[-1]) + 2
            within(length, line)
        return "[" + ", ".join(pieces) + "]"
    raise Unsupported(f"{kind_of(value)} turned into text", line)


def binary(symbol: str, left, right, line: int):
    if symbol == "+" and (
        isinstance(left, str) or (isinstance(right, str) and (left is None or is_number(left)))
    ):
        left_text, right_text = text(left, line), text(right, line)
        within(len(left_text) + len(right_text), line)
        return left_text + right_text  # Groovy's null + 'a' is 'nulla'
    if symbol == "+" and isinstance(left, list):
        return make_list(left + (right if isinstance(right, list) else [right]), line)
    if symbol in ("==", "!="):
        same = isinstance(left, bool) == isinstance(right, bool) and left == right
        return same == (symbol == "==")
    if symbol == "*" and isinstance(left, str) and is_number(right) and isinstance(right, int):
        within(len(left) * right, line)
        return left * right
    both = (is_number(left) and is_number(right)) or (isinstance(left, str) and isinstance(right, str))
    if both and symbol in COMPARISONS:
        return COMPARISONS[symbol](left, right)
    if is_number(left) and is_number(right):
        if symbol in ARITHMETIC:
            return _number(ARITHMETIC[symbol], left, right, line)
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


def _number(function, left, right, line: int):
    try:
        result = function(left, right)
    except ArithmeticError:  # a decimal's exponent past what decimal holds
        result = MAX_NUMBER
    if abs(result) >= MAX_NUMBER:
        raise Unsupported(f"a number past {MAX_NUMBER:,} (Java's long)", line)
    return result
