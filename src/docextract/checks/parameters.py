"""The parameter lists of an API page: heads and duplicates.

Measured on the corpus: a head written after an availability macro (`deprecated:[7.0.0]`, then
`(Optional, string)` on the next line) is the docs' way and not read as the head today, so it is not
reported; response body fields take a `(type)` head without Required or Optional. A response code
whose term is not a number (response-code-not-number) is reported where the page is read
(asciidoc/params.py), since the page keeps numbers only; `404` (Missing resources):: (26 pages) is
404 with a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docextract.checks.finding import finding
from docextract.diagnostics import Diagnostic
from docextract.model import Page, Parameter, Pos

# Where each list stands and whether its parameters say Required or Optional.
_LISTS = (
    ("path_parameters", "path parameter", True),
    ("query_parameters", "query parameter", True),
    ("request_body", "request body field", True),
    ("response_body", "response body field", False),
)
_HEAD_AFTER_MACROS = re.compile(r"(?:(?:deprecated|beta|experimental|preview|coming)::?\[[^\]\n]*\]\s*)+\(")


def check(page: Page) -> Iterator[Diagnostic]:
    for attribute, what, requiredness in _LISTS:
        pending = [getattr(page, attribute)]
        while pending:  # each list, nested ones after (a stack: a page may nest lists deeply)
            parameters = pending.pop()
            yield from _duplicates(parameters, what)
            for parameter in parameters:
                yield from _head(parameter, what, requiredness)
                if parameter.children:
                    pending.append(parameter.children)


def _head(parameter: Parameter, what: str, requiredness: bool) -> Iterator[Diagnostic]:
    name = parameter.name
    head = "(Required, type) or (Optional, type)" if requiredness else "(type)"
    if parameter.type is None and parameter.required is None:
        if _HEAD_AFTER_MACROS.match(parameter.description):
            return
        example = "(Optional, string)" if requiredness else "(string)"
        yield finding(
            "parameter-untyped",
            f"{what} `{name}` has no {head} head",
            parameter.pos,
            f"open its description with its head, such as {example}, on the line after `{name}`::",
        )
    elif parameter.type is None:
        yield finding(
            "parameter-untyped",
            f"the head of {what} `{name}` names no type",
            parameter.pos,
            "write the type after Required or Optional: (Required, string), (Optional, integer), …",
        )
    elif requiredness and parameter.required is None:
        yield finding(
            "parameter-requiredness-missing",
            f"the head of {what} `{name}` says neither Required nor Optional",
            parameter.pos,
            f"write (Required, {parameter.type}) or (Optional, {parameter.type})",
        )


def _duplicates(parameters: tuple[Parameter, ...], what: str) -> Iterator[Diagnostic]:
    seen: dict[str, Parameter] = {}
    for parameter in parameters:
        for name in dict.fromkeys((parameter.name, *parameter.aliases)):
            first = seen.setdefault(name, parameter)
            if first is not parameter:
                where: Pos = first.pos
                yield finding(
                    "parameter-duplicate",
                    f"{what} `{name}` is described twice in this list",
                    parameter.pos,
                    f"it is described at line {where.line} of {where.file} already: merge the two",
                )
