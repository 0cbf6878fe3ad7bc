"""A parameter's term and head (grammars/parameter.lark): `a`, `b`:: names (with a label after them:
`404` (Missing resources)::), and the (Required, type) that opens its description, maybe after a
deprecated:[…] line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lark import Token, Transformer, UnexpectedInput

from docextract.diagnostics import Diagnostics
from docextract.model import Parameter, Pos, Value
from docextract.syntax import grammar

_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Term:
    """A definition list term: the parameter's names and its label."""

    names: tuple[str, ...]  # one at least: further ones are aliases
    label: str | None  # what the parenthesis after the names says

    @property
    def marks_default(self) -> bool:
        """`avg` (Default): the value's term says it is the default, as a (Default) head would."""
        return self.label is not None and self.label.lower() == "default"


@dataclass(frozen=True)
class Head:
    """The head of a parameter's description: (Required, string) and the like."""

    required: bool | None  # false when conditional: (Required if `x` is not defined, …)
    type: str | None
    is_default: bool
    length: int  # characters the head takes, so the description starts after it
    required_if: str | None = None  # the condition, as written
    default: str | None = None  # (Optional, integer, default: `70`)
    deprecated: str | None = None  # deprecated:[7.0.0] before the head: its version
    deprecation_note: str | None = None  # deprecated:[7.0.0, what to use instead]


def _parser():
    # Terms and heads become data as they are reduced: no tree is built, and no node tracks positions.
    return grammar.load(
        "parameter", start=("head", "term", "one_colon"), transformer=_TO_DATA, positions=False
    )


def prepare() -> None:
    _parser()


def parse_head(text: str) -> Head | None:
    """The (Required, type) head at the start of a description, maybe after a deprecated:[…] macro, or
    None when there is none."""
    start = 0
    if text.startswith(_DEPRECATED):
        start = text.find("]") + 1
        if start == 0:
            return None
        start = len(text) - len(text[start:].lstrip())
        if not text.startswith("(", start):
            return _parse_head(text[:start].rstrip())
    elif not text.startswith("("):
        return None
    close = text.find(")", start)
    if close == -1 or close - start > 120:
        return None
    return _parse_head(text[: close + 1])


_DEPRECATED = "deprecated:["


@lru_cache(maxsize=4096)
def _parse_head(text: str) -> Head | None:
    try:
        fields = _parser().parse(text, start="head")
    except UnexpectedInput:
        return None
    return Head(length=len(text), **fields)


# The default a description names, in the phrasings of Elasticsearch's pages (README, convert): "Defaults to
# `full`.", "Default: `false`.", "Default is `avg`", "The default value is `false`". The value is a code
# span, or unquoted one number, true/false/null or lowercase word that ends its clause ("Defaults to 10.",
# "Defaults to false, which…"), so that prose ("Defaults to the index's setting") is not taken for a value.
# The phrase stands anywhere in free prose, which no grammar of ours reads: a search, not a parse.
_DEFAULT = re.compile(
    r"""(?:\bDefaults\s+to|\bDefault(?:\s+is|:)|\b[Tt]he\s+default\s+(?:value\s+)?is)\s+
    (?:`(?P<quoted>[^`]*)`|(?P<bare>-?[0-9]+(?:\.[0-9]+)?|[a-z][a-z0-9_]*)(?=[.,;:)](?:\s|$)|[,;)]|$))""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Described:
    """A parameter's description read: its (Required, type) head, the prose after it, its default."""

    head: Head | None
    text: str
    default: str | None

    def parameter(
        self,
        names: list[str],
        pos: Pos,
        children: list[Parameter],
        values: list[Value],
        label: str | None = None,
        availability: tuple[str, ...] = (),
    ) -> Parameter:
        """The parameter this description describes, named by its term's first name (the rest aliases)."""
        return Parameter(
            name=names[0],
            required=self.head.required if self.head else None,
            type=self.head.type if self.head else None,
            required_if=self.head.required_if if self.head else None,
            default=self.default,
            description=self.text,
            pos=pos,
            children=tuple(children),
            values=tuple(values),
            aliases=tuple(names[1:]),
            availability=availability + self._deprecation(),
            label=label,
        )

    def _deprecation(self) -> tuple[str, ...]:
        """deprecated:[7.0.0] before the head, as availability says it: deprecated 7.0.0."""
        if self.head is None or self.head.deprecated is None:
            return ()
        return (f"deprecated {self.head.deprecated}",)


def describe(prose: list[str], head_of: Callable[[str], Head | None] = parse_head) -> Described:
    """The head of the first paragraph (head_of reads it: a front end may clean its markup first), the
    paragraphs after the head, and the default value they name (default_in)."""
    head = head_of(prose[0]) if prose else None
    if head:
        # A deprecation's note (deprecated:[7.0.0, what to use instead]) opens the description.
        prose = [head.deprecation_note or "", prose[0][head.length :].lstrip(), *prose[1:]]
    text = "\n\n".join(p for p in prose if p)
    return Described(head, text, head.default if head and head.default is not None else default_in(text))


def default_in(text: str) -> str | None:
    """The value of the first default phrase in text (_DEFAULT), or None."""
    found = _DEFAULT.search(text)
    if found is None:
        return None
    return found["quoted"] if found["bare"] is None else found["bare"]


def unbracketed(names: list[str]) -> list[str]:
    """Path parameter names written `<index>` as the endpoint's placeholders name them."""
    return [n[1:-1] if n.startswith("<") and n.endswith(">") else n for n in names]


@lru_cache(maxsize=4096)
def parse_term(text: str) -> Term:
    """`a`, `b` → names a and b; `pri` (primary shards) → pri, labelled; text that is not a list of
    names comes back whole, as the one name."""
    try:
        return _parser().parse(text, start="term")
    except UnexpectedInput:
        return Term((text.strip(),), None)


def status_numbers(term: Term, pos: Pos, diagnostics: Diagnostics | None, **where) -> list[int]:
    """The HTTP statuses a response code's term names (`404`, `409`, `429`); a name that is not a number
    is reported, when diagnostics are wanted (where: source_line, included_from), and left out."""
    numbers = []
    for name in term.names:
        if _NUMBER.fullmatch(name):
            numbers.append(int(name))
        elif diagnostics is not None:
            diagnostics.warning(
                "response-code-not-number",
                f"response code `{name}` is not an HTTP status number: it is left out of the page",
                pos,
                "write the status number as the term, its meaning after it in parentheses: "
                "`404` (Missing resources)",
                **where,
            )
    return numbers


@lru_cache(maxsize=4096)
def one_colon_codes(line: str) -> tuple[int, ...]:
    """The status numbers of a response code written with one colon (`200`:, `409`, `429`: Conflict), or
    none when the line is no such thing."""
    try:
        return _parser().parse(line.strip(), start="one_colon")
    except UnexpectedInput:
        return ()


class _ToData(Transformer):
    """Heads as Head's fields but its length; terms as their names and label; a code line with one colon
    as its status numbers."""

    @staticmethod
    def _required(token) -> dict:
        if token.type == "REQUIRED_IF":
            return {"required": False, "required_if": token.split(None, 2)[2].strip()}
        return {"required": str(token).startswith("Required")}  # Required* counts as required

    @staticmethod
    def _type(token) -> str | None:
        # A code span's marks are not part of the type: (Required, `array`) is an array.
        return str(token).replace("`", "").strip() or None

    def head(self, children):
        fields = {"required": None, "type": None, "is_default": False}
        for child in children:
            fields.update(child)
        return fields

    def requiredness_only(self, children):
        return self._required(children[0])

    def required_type(self, children):
        fields = {**self._required(children[0]), "type": self._type(children[1])}
        if len(children) > 2:
            fields["default"] = children[2].split(":", 1)[1].strip().strip("`")
        return fields

    def default_marker(self, children):
        return {"is_default": True}

    def type_only(self, children):
        return {"type": self._type(children[0])}

    def deprecation(self, children):
        note = str(children[1]).strip() if len(children) > 1 else None
        return {"deprecated": str(children[0]), "deprecation_note": note or None}

    def one_colon(self, children):
        return tuple(int(token[1:-1]) for token in children if token.type == "STATUS")

    def term(self, children):
        label = None
        if children and isinstance(children[-1], Token):  # LABEL: the names are strings already
            label = children.pop()[1:-1].strip() or None
        return Term(tuple(children), label)

    def name(self, pieces):
        return "".join(str(piece) for piece in pieces if piece.type != "ROLE").strip()


_TO_DATA = _ToData()
