"""Preprocessor directive lines (grammars/directives.lark) turned into data."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from lark import Token, Transformer, UnexpectedInput

from docextract.syntax import grammar


class Include(NamedTuple):
    target: str
    attrs: dict[str, str]
    column: int  # where the target starts, for error carets


class Conditional(NamedTuple):
    negate: bool  # ifndef
    names: tuple[str, ...]
    all_of: bool  # a+b rather than a,b
    content: str | None  # the one-line form: ifdef::a[text]


class IfEval(NamedTuple):
    left: str | float | bool
    operator: str
    right: str | float | bool


class EndIf(NamedTuple):
    names: tuple[str, ...]


Directive = Include | Conditional | IfEval | EndIf


class DirectiveSyntaxError(ValueError):
    def __init__(self, message: str, column: int, problem: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.column = column
        self.problem, self.hint = problem, hint  # what is missing and how to write it, when known


# Mistakes whose parser state says what is missing (Lark's match_examples): what, and how to write it.
_MISTAKES = {
    ("no file to include", "write include::path/to/file.asciidoc[] with the path before the ["): [
        "include::[]",
        "include::[tag=x]",
    ],
    ("no attribute name", "write ifdef::name[] (a,b: any of them is set; a+b: all of them are)"): [
        "ifdef::[]",
        "ifndef::[]",
        "ifdef::[text]",
    ],
    ("no comparison", 'write ifeval::["{attribute}" == "value"] with ==, !=, <, <=, > or >='): [
        "ifeval::[]",
        "ifeval::[1]",
        "ifeval::[1 == ]",
        'ifeval::["a" = "b"]',
    ],
    # Asciidoctor compares two values and computes nothing: 1/0 is no value, not a division by zero.
    (
        "an operand is an expression",
        'each side of ifeval is one value: a number, a "quoted string" or a word; nothing is computed',
    ): [
        "ifeval::[1/0 == 1]",
        "ifeval::[1 == 2*3]",
        "ifeval::[1 + 1 == 2]",
        'ifeval::["{a}" == "b" + "c"]',
        'ifeval::["a" + "b" == "ab"]',
        "ifeval::[1 - 1 == 0]",
    ],
}


def _unquote(token: str) -> str:
    return token[1:-1] if token[:1] in "\"'" and token[-1:] == token[:1] and len(token) >= 2 else token


class _ToData(Transformer):
    def include(self, items):
        target: Token = items[0]
        attrs = items[1] if len(items) > 1 else {}
        return Include(str(target), attrs, target.column)

    def attrlist(self, items):
        attrs: dict[str, str] = {}
        for position, (key, value) in enumerate(items, start=1):
            attrs[key or str(position)] = value
        return attrs

    def named(self, items):
        key = str(items[0])[:-1]
        return key, _unquote(str(items[1])).strip() if len(items) > 1 else ""

    def positional(self, items):
        return None, _unquote(str(items[0])).strip()

    def any_of(self, items):
        return tuple(map(str, items)), False

    def all_of(self, items):
        return tuple(map(str, items)), True

    def ifdef(self, items, negate=False):
        names, all_of = items[0]
        content = str(items[1]) if len(items) > 1 else None
        return Conditional(negate, names, all_of, content)

    def ifndef(self, items):
        return self.ifdef(items, negate=True)

    def endif(self, items):
        return EndIf(items[0][0] if items else ())

    def ifeval(self, items):
        return IfEval(items[0], str(items[1]), items[2])

    def string(self, items):
        return _unquote(str(items[0]))

    def number(self, items):
        return float(items[0])

    def word(self, items):
        word = str(items[0])
        return {"true": True, "false": False}.get(word, word)

    def start(self, items):
        return items[0]


_TO_DATA = _ToData()


def _parser():
    # Tokens carry the columns the data needs: no tree is built, and no node tracks positions.
    return grammar.load("directives", transformer=_TO_DATA, positions=False)


def prepare() -> None:
    _parser()


def parse_directive(line: str) -> Directive:
    """Parse one directive line (the caller has checked its shape); raise DirectiveSyntaxError."""
    parsed = _parse(line)
    if isinstance(parsed, _Malformed):
        raise DirectiveSyntaxError(f"malformed directive: {line}", *parsed)
    return parsed


class _Malformed(NamedTuple):
    column: int
    problem: str | None
    hint: str | None


# The same include lines recur page after page (a shared file's tags): each text is parsed once. The
# data is frozen (its attribute dict is only read).
@lru_cache(maxsize=4096)
def _parse(line: str) -> Directive | _Malformed:
    """The directive, or where and what is wrong with it."""
    try:
        return _parser().parse(line)
    except UnexpectedInput as err:
        known = err.match_examples(_parser().parse, _MISTAKES, use_accepts=True)
        problem, hint = known if known else (None, None)
        return _Malformed(getattr(err, "column", 1) or 1, problem, hint)


def evaluate(expression: IfEval) -> bool:
    """Compare as Asciidoctor does: numbers as numbers, everything else as strings."""
    left, right = expression.left, expression.right
    if isinstance(left, float) != isinstance(right, float):
        left, right = _as_text(left), _as_text(right)
    op = expression.operator
    try:
        return {
            "==": left == right,
            "!=": left != right,
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[op]
    except TypeError:
        return False


def _as_text(value) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).lower() if isinstance(value, bool) else value
