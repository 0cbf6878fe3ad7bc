"""Console snippets (grammars/console.lark): requests, bodies, comments and startyaml blocks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lark import Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from docextract.syntax import grammar

METHODS = ("GET", "PUT", "POST", "HEAD", "OPTIONS", "DELETE", "PATCH")


@dataclass(frozen=True)
class Item:
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
    return grammar.load("console")


def prepare() -> None:
    _parser()


def parse(content: str) -> list[Item]:
    """Split a snippet's content into items; raise ConsoleSyntaxError with the offending line."""
    if content and not content.endswith("\n"):
        content += "\n"
    try:
        tree = _parser().parse(content)
    except UnexpectedInput as err:
        raise _explain(content, err) from None
    return [_item(child) for child in tree.children]


def _item(tree: Tree) -> Item:
    first: Token = tree.children[0]
    line = first.line - 1
    if tree.data == "comment":
        return Item("comment", line, text=str(first))
    if tree.data == "yaml":
        return Item("yaml", line, text=str(first)[len("startyaml") : -len("endyaml")])
    method, target = str(tree.children[0]), str(tree.children[1]).rstrip()
    body_lines: list[tuple[int, str]] = []
    gap = False
    if len(tree.children) > 2:
        for token in tree.children[2].children:
            value = str(token)
            gap = gap or value.count("\n") > 1
            body_lines.append((token.end_line - 1, value.rsplit("\n", 1)[1]))
    return Item("request", line, method, target, tuple(body_lines), gap)


def _explain(content: str, err: UnexpectedInput) -> ConsoleSyntaxError:
    lines = content.split("\n")
    line = max(getattr(err, "line", 1) or 1, 1) - 1
    column = getattr(err, "column", 1) or 1
    if isinstance(err, UnexpectedToken) and err.token.type == "BODY_LINE":
        line = err.token.end_line - 1
        column = 1
    text = lines[line] if line < len(lines) else ""
    stripped = text.lstrip()
    word = stripped.split(" ", 1)[0]
    if word.upper() in METHODS and word not in METHODS:
        return ConsoleSyntaxError(
            f"method `{word}` must be written in capitals", line, column, f"write `{word.upper()}`"
        )
    if text != stripped and stripped.split(" ", 1)[0] in METHODS:
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
        f"a console request starts with one of {', '.join(METHODS[:-1])}, then the path",
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
    """Kibana's \"\"\"…\"\"\" strings as JSON strings: inner quotes escaped, newlines as \\n (§6.5.1)."""
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
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column  # 0-based line within the body, 1-based column


def parse_body(text: str) -> tuple[Any, str]:
    """A body as JSON (one value → "json", several → "ndjson"); raise BodyError where it is not."""
    try:
        converted = convert_block_quotes(text)
    except BlockQuoteError as err:
        head = text[: err.index]
        raise BodyError(str(err), head.count("\n"), err.index - (head.rfind("\n") + 1) + 1) from None
    # Kibana-style // comment lines are allowed in console bodies; they are not JSON.
    lines = ["" if line.lstrip().startswith("//") else line for line in converted.split("\n")]
    converted = "\n".join(lines)
    values: list[Any] = []
    decoder = json.JSONDecoder()
    position = _skip_space(converted, 0)
    while position < len(converted):
        try:
            value, position = decoder.raw_decode(converted, position)
        except json.JSONDecodeError as err:
            raise BodyError(err.msg, err.lineno - 1, err.colno) from None
        values.append(value)
        position = _skip_space(converted, position)
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], "json"
    return values, "ndjson"


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
