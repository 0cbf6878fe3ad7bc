"""YAML read from the files docextract is given: safe types, dates as text, aliases within a budget.

Every problem is a yaml.MarkedYAMLError with the position of the value at fault, so each reader's
`except yaml.YAMLError` reports it as it reports a syntax error.

Dates stay the text written: Elasticsearch's YAML test runner reads YAML with Jackson, which has no
date type (`2020-02-30` is a string there, as are valid dates), and an impossible date is then no
error. A value given an explicit tag it cannot be (`!!int abc`, `!!float abc`) is an error, as it is
for Jackson. Aliases may repeat at most MAX_ALIAS_COST of values (each scalar counted as its length
plus one, each list or mapping as one): nested aliases otherwise double a few hundred bytes into
gigabytes ("billion laughs") wherever the data is written out or walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

MAX_ALIAS_COST = 1_000_000

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasError(yaml.MarkedYAMLError):
    """An alias that repeats more than the budget allows, or that stands inside the value it names."""

    hint = "write the values out, or repeat fewer of them: each level of nested aliases multiplies them"


class BadValue(ConstructorError):
    """A value its explicit tag (or a number its digits) cannot be read as."""

    hint = "quote the value to keep it as text, or write one its tag can be read as"


def hint(err: yaml.YAMLError, default: str) -> str:
    """What to do about err: its own hint when it has one (a value, an alias), default otherwise."""
    return getattr(err, "hint", None) or default


class Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader (libyaml's parser when present); a value its tag cannot be is a ConstructorError."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as err:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            value = node.value if isinstance(node.value, str) else ""
            shown = repr(value) if len(value) <= 40 else repr(value[:40]) + "…"
            raise BadValue(
                None, None, f"{shown} is not a valid {tag} value ({err})", node.start_mark
            ) from None


Loader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def load(text: str) -> Any:
    """The data of a one-document text."""
    with _marked_in(text):
        check_aliases(text)
        return yaml.load(text, Loader=Loader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a one-document text, for readers that need each value's position."""
    with _marked_in(text):
        check_aliases(text)
        return yaml.compose(text, Loader=Loader)


def compose_all(text: str) -> list[yaml.Node]:
    with _marked_in(text):
        check_aliases(text)
        return list(yaml.compose_all(text, Loader=Loader))


def construct(node: yaml.Node) -> Any:
    """The data of a node composed by compose or compose_all."""
    return Loader("").construct_document(node)


@contextmanager
def _marked_in(text: str) -> Iterator[None]:
    """libyaml marks a problem found at the end of the text (a bracket never closed) past its last
    line break, on a line that is not there or that belongs to the next part of the file: the mark is
    moved to the end of the last line that has text, where PyYAML's own parser puts it."""
    try:
        yield
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        if mark is not None and mark.index >= len(text.rstrip()) and text.strip():
            before = text.rstrip()
            line = before.count("\n")
            err.problem_mark = yaml.Mark(
                mark.name, len(before), line, len(before) - before.rfind("\n") - 1, None, None
            )
        raise


def check_aliases(text: str) -> None:
    """Raise AliasError at the alias that takes the text past MAX_ALIAS_COST, or that stands inside the
    value it names (the data would hold itself). Only a text with an anchor (`&`) can have aliases."""
    if "&" not in text or "*" not in text:
        return
    costs: dict[str, int | None] = {}  # per anchor: what an alias of it repeats; None while it is open
    stack: list[list] = [[None, 0]]  # the open lists and mappings: [anchor, cost so far]
    repeated = 0
    for event in yaml.parse(text, Loader=_Base):
        kind = type(event)
        if kind is yaml.AliasEvent:
            cost = costs.get(event.anchor, 0)  # an unknown anchor is the composer's error
            if cost is None:
                raise AliasError(
                    None,
                    None,
                    f"the alias *{event.anchor} stands inside the value it names",
                    event.start_mark,
                )
            repeated += cost
            if repeated > MAX_ALIAS_COST:
                raise AliasError(
                    None,
                    None,
                    f"the alias *{event.anchor} takes what aliases repeat past {MAX_ALIAS_COST:,} characters",
                    event.start_mark,
                )
            stack[-1][1] += cost
        elif kind is yaml.ScalarEvent:
            cost = len(event.value) + 1
            if event.anchor is not None:
                costs[event.anchor] = cost
            stack[-1][1] += cost
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if event.anchor is not None:
                costs[event.anchor] = None
            stack.append([event.anchor, 1])
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            anchor, cost = stack.pop()
            if anchor is not None:
                costs[anchor] = cost
            stack[-1][1] += cost
        elif kind is yaml.DocumentStartEvent:
            costs.clear()  # anchors are the document's own
