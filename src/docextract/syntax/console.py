"""Console snippets (grammars/console.lark): requests, bodies, comments and startyaml blocks."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from lark import Token, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from docextract.syntax import grammar


@dataclass(frozen=True)
class Item:
    """A piece of a console snippet: a request line (and its body), a comment or YAML."""

    kind: str  # request | comment | yaml
    line: int  # 0-based index of the item's first content line
    method: str | None = None
    target: str | None = None  # path and query as written
    body_lines: tuple[tuple[int, str], ...] = ()  # (content line index, text)
    body_has_gap: bool = False  # a blank line stands inside the body
    text: str = ""  # the comment, or the YAML between startyaml and endyaml

    @property
    def body(self) -> str | None:
        return "\n".join(text for _, text in self.body_lines) if self.body_lines else None


class ConsoleSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int, hint: str):
        super().__init__(message)
        self.line, self.column, self.hint = line, column, hint  # line: 0-based content line


def _parser():
    # The tokens carry the lines the items need: no tree is built, and no node tracks positions.
    return grammar.load("console", transformer=_TO_ITEMS, positions=False)


def prepare() -> None:
    _parser()


@cache
def methods() -> tuple[str, ...]:
    """The methods a request line may start with: the METHOD terminal of grammars/console.lark."""
    pattern = _parser().get_terminal("METHOD").pattern.to_regexp()  # (?:DELETE|GET|…), Lark's order
    return tuple(sorted(re.findall(r"[A-Z]+", pattern)))


def is_method(word: str) -> bool:
    return word in methods()


def parse(content: str) -> list[Item]:
    """Split a snippet's content into items; raise ConsoleSyntaxError with the offending line."""
    if content and not content.endswith("\n"):
        content += "\n"
    return list(_items(content))


# A snippet in a shared file is read again by every page that includes it: each text is parsed once.
@lru_cache(maxsize=1024)
def _items(content: str) -> tuple[Item, ...]:
    try:
        return tuple(_parser().parse(content))
    except UnexpectedInput as err:
        raise _explain(content, err) from None


class _ToItems(Transformer):
    """The parse tree as Items; lines are 0-based indexes into the content."""

    def start(self, items):
        return items

    def comment(self, children):
        return Item("comment", children[0].line - 1, text=str(children[0]))

    def yaml(self, children):
        token = children[0]
        return Item("yaml", token.line - 1, text=str(token)[len("startyaml") : -len("endyaml")])

    def body(self, tokens):
        # The body's token starts at the newline that ends the request line; between its lines stand
        # only blank ones (spaces and tabs at most), which leave a gap.
        token = tokens[0]
        lines = tuple(_body_lines(token))
        return lines, len(lines) < str(token).count("\n")

    def request(self, children):
        method, target, *body = children
        body_lines, gap = body[0] if body else ((), False)
        return Item("request", method.line - 1, str(method), str(target).rstrip(), body_lines, gap)


_TO_ITEMS = _ToItems()


def _body_lines(token: Token) -> Iterator[tuple[int, str]]:
    """(0-based line, text) of each line of a body token that is not blank."""
    for index, text in enumerate(str(token).split("\n")[1:], start=token.line):
        if text.strip(" \t"):
            yield index, text


def _explain(content: str, err: UnexpectedInput) -> ConsoleSyntaxError:
    lines = content.split("\n")
    line = max(getattr(err, "line", 1) or 1, 1) - 1
    column = getattr(err, "column", 1) or 1
    if isinstance(err, UnexpectedToken) and err.token.type == "BODY":
        line = next(_body_lines(err.token))[0]  # where the body starts
        column = 1
    text = lines[line] if line < len(lines) else ""
    stripped = text.lstrip()
    word = stripped.split(" ", 1)[0]
    if is_method(word.upper()) and not is_method(word):
        return ConsoleSyntaxError(
            f"method `{word}` must be written in capitals", line, column, f"write `{word.upper()}`"
        )
    if text != stripped and is_method(stripped.split(" ", 1)[0]):
        return ConsoleSyntaxError(
            "a request line must start at the beginning of the line",
            line,
            1,
            "remove the indentation before the method",
        )
    if isinstance(err, UnexpectedCharacters | UnexpectedToken) and stripped.startswith(("{", "[", '"')):
        return ConsoleSyntaxError(
            "body without a request line",
            line,
            column,
            "a body follows its request line directly: put `METHOD path` above it, "
            "with no # comment in between",
        )
    return ConsoleSyntaxError(
        "not a request line",
        line,
        column,
        f"a console request starts with one of {', '.join(methods())}, then the path",
    )


def split_target(target: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`/my-index/_search?q=a&pretty` → ("/my-index/_search", (("q", "a"), ("pretty", "")))."""
    path, _, query = target.partition("?")
    if not path.startswith("/"):
        path = "/" + path
    pairs = []
    for piece in query.split("&") if query else ():
        name, _, value = piece.partition("=")
        pairs.append((name, value.split("=", 1)[0] if "=" in value else value))
    return path, tuple(pairs)


class BlockQuoteError(ValueError):
    def __init__(self, index: int):
        super().__init__(f"triple-quoted string opened at character {index} is never closed")
        self.index = index


def convert_block_quotes(text: str) -> str:
    """Kibana's \"\"\"…\"\"\" strings as JSON strings: inner quotes escaped, newlines as \\n."""
    if '"""' not in text:
        return text
    out: list[str] = []
    position = 0
    while (start := text.find('"""', position)) != -1:
        end = text.find('"""', start + 3)
        if end == -1:
            raise BlockQuoteError(start)
        inner = text[start + 3 : end]
        out.append(text[position:start])
        out.append('"' + inner.replace('"', '\\"').replace("\n", "\\n") + '"')
        position = end + 3
    out.append(text[position:])
    return "".join(out)


class BodyError(ValueError):
    def __init__(self, message: str, line: int, column: int, hint: str | None = None):
        super().__init__(message)
        self.line, self.column = line, column  # 0-based line within the body, 1-based column
        self.hint = hint  # None: the caller's general advice


# The deepest nesting of a body read as JSON (Elasticsearch's docs go 12 deep): deeper ones would
# overflow the recursion of every JSON and YAML reader and writer after this one.
MAX_JSON_DEPTH = 100
_LONG_NUMBER = re.compile(rf"\d{{{sys.get_int_max_str_digits() + 1},}}")
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]')


def parse_body(text: str) -> tuple[Any, str]:
    """A body as JSON (one value → "json", several → "ndjson"); raise BodyError where it is not."""
    try:
        converted = convert_block_quotes(text)
    except BlockQuoteError as err:
        raise _error_at(text, err.index, str(err)) from None
    # Kibana-style // comment lines are allowed in console bodies; they are not JSON.
    lines = ["" if line.lstrip().startswith("//") else line for line in converted.split("\n")]
    converted = "\n".join(lines)
    _check_depth(converted)
    values: list[Any] = []
    decoder = json.JSONDecoder()
    position = _skip_space(converted, 0)
    while position < len(converted):
        try:
            value, position = decoder.raw_decode(converted, position)
        except json.JSONDecodeError as err:
            raise _explain_json(converted, err) from None
        except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
            long = _LONG_NUMBER.search(converted, position)
            raise _error_at(
                converted,
                long.start() if long else position,
                f"a number of more than {sys.get_int_max_str_digits():,} digits",
                "write it as a string, or shorten it",
            ) from None
        values.append(value)
        position = _skip_space(converted, position)
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], "json"
    return values, "ndjson"


def _error_at(text: str, index: int, message: str, hint: str | None = None) -> BodyError:
    head = text[:index]
    return BodyError(message, head.count("\n"), index - (head.rfind("\n") + 1) + 1, hint)


def _explain_json(text: str, err: json.JSONDecodeError) -> BodyError:
    """The decoder's complaint, or a plainer one where it points past the real mistake."""
    if text[err.pos : err.pos + 1] in ("}", "]"):
        before = len(text[: err.pos].rstrip())
        if text[before - 1 : before] == ",":  # {"a": 1,} is read up to the brace before failing
            member = "member" if text[err.pos] == "}" else "element"
            return _error_at(
                text,
                before - 1,
                "trailing comma",
                f"remove the trailing comma: JSON allows none after the last {member}",
            )
    return BodyError(err.msg, err.lineno - 1, err.colno)


def _check_depth(text: str) -> None:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return  # cannot be too deep: most bodies stop here
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _error_at(
                    text,
                    match.start(),
                    f"nested deeper than {MAX_JSON_DEPTH} levels",
                    f"docextract reads JSON nested up to {MAX_JSON_DEPTH} levels; flatten the body",
                )
        elif bracket in ("]", "}"):
            depth = max(depth - 1, 0)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
