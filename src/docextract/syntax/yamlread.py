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

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain, islice
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
    node = compose(text)
    with _marked_in(text):
        return None if node is None else construct(node)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a one-document text, for readers that need each value's position."""
    with _marked_in(text):
        node = yaml.compose(text, Loader=Loader)
        if node is not None:
            _check_aliases(text, [node])
        return node


def compose_all(text: str) -> list[yaml.Node]:
    with _marked_in(text):
        nodes = list(yaml.compose_all(text, Loader=Loader))
        _check_aliases(text, nodes)
        return nodes


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


# Where an alias (*name) can stand: a token starts after a space, a line break or a flow indicator, or
# after the colon that follows a quoted key in a flow mapping ({"a":*b}); not at the start of the text,
# before any anchor. A text with no anchor (&), or with * only inside words (logs-*, a*b), is not walked.
_ALIAS_START = re.compile(r"[\s\[{,:]\*")


def _check_aliases(text: str, roots: list[yaml.Node]) -> None:
    """Raise AliasError at the alias that takes the text past MAX_ALIAS_COST, or that stands inside the
    value it names (the data would hold itself). The composer gives an alias the node of its anchor: a
    node met again is an alias, and the walk meets them in the order of the text."""
    if "&" not in text or not _ALIAS_START.search(text):
        return
    costs: dict[int, int | None] = {}  # by node id: what an alias of it repeats; None while it is open
    repeated = aliases = 0
    for root in roots:
        # the open lists and mappings: [node, its children yet to walk, cost so far]; iterative, so
        # that nesting the composer reads is no recursion here
        stack: list[list] = [[None, iter((root,)), 0]]
        while stack:
            frame = stack[-1]
            for node in frame[1]:
                key = id(node)
                if key in costs:
                    cost = costs[key]
                    if cost is None:
                        raise _alias_error(text, aliases, "stands inside the value it names")
                    repeated += cost
                    if repeated > MAX_ALIAS_COST:
                        past = f"takes what aliases repeat past {MAX_ALIAS_COST:,} characters"
                        raise _alias_error(text, aliases, past)
                    aliases += 1
                    frame[2] += cost
                elif isinstance(node, yaml.ScalarNode):
                    costs[key] = cost = len(node.value) + 1
                    frame[2] += cost
                else:  # a list or mapping: walked before the rest of this one
                    costs[key] = None
                    pairs = isinstance(node, yaml.MappingNode)
                    stack.append([node, chain.from_iterable(node.value) if pairs else iter(node.value), 1])
                    break
            else:
                stack.pop()
                if frame[0] is not None:
                    costs[id(frame[0])] = frame[2]
                    stack[-1][2] += frame[2]


def _alias_error(text: str, index: int, problem: str) -> AliasError:
    """The error at the index-th alias of the text (from 0): nodes keep no alias's name or position,
    so the text is parsed again for them, as only a text in error needs."""
    found = (event for event in yaml.parse(text, Loader=_Base) if type(event) is yaml.AliasEvent)
    alias = next(islice(found, index, None))
    return AliasError(None, None, f"the alias *{alias.anchor} {problem}", alias.start_mark)
