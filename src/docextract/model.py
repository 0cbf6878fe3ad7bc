"""The page model: frozen dataclasses shared by every stage, free of any AsciiDoc syntax."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docextract.position import Pos  # here too: every stage takes it from the model


@dataclass(frozen=True)
class Include:
    """A file whose text a page took in, and where: the include line, then the lines that included
    that one, innermost first."""

    file: str
    at: tuple[Pos, ...]


@dataclass(frozen=True)
class Endpoint:
    """A method and path the page documents (`GET /_cat/aliases`), where it says so."""

    method: str
    path: str
    pos: Pos


@dataclass(frozen=True)
class Value:
    """One documented value of a parameter (an untyped nested list item such as `all`:: Match any…)."""

    name: str
    description: str
    pos: Pos
    default: bool = False  # marked (Default)
    label: str | None = None  # the parenthesis after the term: `false` (the default)::


@dataclass(frozen=True)
class Parameter:
    """A path, query or body parameter: its name, whether required, its type and default, its children."""

    name: str
    required: bool | None
    type: str | None
    default: str | None
    description: str
    pos: Pos
    children: tuple[Parameter, ...] = ()
    values: tuple[Value, ...] = ()
    aliases: tuple[str, ...] = ()  # further names of the same term: `h`, `header`::
    availability: tuple[str, ...] = ()  # what an {applies_to} role on a Markdown term says: stack: ga 9.1
    label: str | None = None  # the parenthesis after the term: `pri` (primary shards)::
    required_if: str | None = None  # (Required if `x` is not defined, type): required is false


@dataclass(frozen=True)
class ResponseCode:
    """A response code the page documents, with what it means."""

    code: int  # a term that is no number is reported, not kept
    description: str
    pos: Pos
    label: str | None = None  # the parenthesis after the term: `404` (Missing resources)::


@dataclass(frozen=True)
class Request:
    """A console request: method, path, query and body, as the snippet writes them."""

    method: str
    path: str
    # Query parameters in written order; a name may repeat, so pairs rather than a dict.
    query: tuple[tuple[str, str], ...]
    pos: Pos
    body: Any = None
    # "json" (one JSON value), "ndjson" (several, as in _bulk), "text" (not JSON), or None without a body.
    body_format: str | None = None


@dataclass(frozen=True)
class Substitution:
    """A s/pattern/replacement/ of a test annotation."""

    pattern: str
    replacement: str
    pos: Pos
    # Made by TESTRESPONSE[non_json] (in Java replacement syntax), not written in the docs.
    generated: bool = False


@dataclass(frozen=True)
class TestOptions:
    """What the // TEST and // TESTRESPONSE annotations of one snippet ask for, merged."""

    skip: str | None = None
    continued: bool = False
    setup: tuple[str, ...] = ()
    teardown: tuple[str, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    catch: str | None = None
    warnings: tuple[str, ...] = ()
    skip_shard_failures: bool = False
    non_json: bool = False


@dataclass(frozen=True)
class Annotation:
    """One annotation line as written: its marker (TEST, TESTRESPONSE, …) and its bracket content."""

    marker: str
    content: str | None
    pos: Pos


@dataclass(frozen=True)
class Callout:
    """The explanation of a <N> mark in a snippet (a callout list item under it)."""

    number: int | None  # None for the <.> form, numbered in order
    text: str
    pos: Pos


@dataclass(frozen=True)
class Snippet:
    """A code block of the page: its language, its requests and the annotations after it."""

    pos: Pos  # the opening delimiter, as the reference's line_N
    end_line: int | None  # the closing delimiter; None when the block is never closed
    language: str | None
    name: str | None  # the id= of the [source,…] line
    # test | response | setup | teardown | ignored: what the test generator makes of it (syntax/snippets.py)
    kind: str
    content: str  # callouts stripped, each line ending in a newline, as the test generator reads it
    hidden: bool = False  # stands in a //// comment block
    options: TestOptions = field(default_factory=TestOptions)
    annotations: tuple[Annotation, ...] = ()
    requests: tuple[Request, ...] = ()
    response: Any = None
    response_format: str | None = None
    callouts: tuple[Callout, ...] = ()
    # Where each content line stands, so that a request or a failure points at the line to edit.
    line_positions: tuple[Pos, ...] = ()
    # Where the language is written (the [source,…] line, a fence's info string), for problems with it.
    language_pos: Pos | None = None

    def marked(self, marker: str) -> bool:
        """Whether an annotation with this marker (TEST, TESTRESPONSE, TESTSETUP, …) follows the snippet."""
        return any(a.marker == marker for a in self.annotations)

    @property
    def console(self) -> bool | None:
        """True after // CONSOLE, False after // NOTCONSOLE (the last one written counts), else None."""
        for annotation in reversed(self.annotations):
            if annotation.marker in ("CONSOLE", "NOTCONSOLE"):
                return annotation.marker == "CONSOLE"
        return None


@dataclass(frozen=True)
class Anchor:
    """An id a link can point at: [[id]], [[id,title]], [#id] or [id=id] above a block, or [[id]] opening
    a description list term."""

    id: str
    pos: Pos  # at the id itself
    section: str | None = None  # the kind of API section it anchors: request, path_parameters, …


@dataclass(frozen=True)
class Subpage:
    """A page that a chapter includes whole: its sections are its own, not the chapter's."""

    file: str
    id: str
    title: str
    pos: Pos  # the include line, in the chapter's own file


@dataclass(frozen=True)
class Page:
    """An API reference page: its title, endpoints, parameters, response codes and snippets."""

    source: str
    id: str | None
    title: str | None
    titleabbrev: str | None
    summary: str | None
    availability: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    prerequisites: tuple[str, ...]
    description: str | None
    path_parameters: tuple[Parameter, ...]
    query_parameters: tuple[Parameter, ...]
    request_body: tuple[Parameter, ...]
    response_body: tuple[Parameter, ...]
    response_codes: tuple[ResponseCode, ...]
    snippets: tuple[Snippet, ...]
    # The files the page's text came from besides its own (includes, nested ones too): the include graph.
    includes: tuple[Include, ...] = ()
    # The files its include directives name that are not there: a change that brings one back (or the
    # deletion that took it away) concerns the page too (validate --changed-since).
    missing: tuple[str, ...] = ()
    # Every anchor of the page, includes expanded, in document order (not part of the page YAML).
    anchors: tuple[Anchor, ...] = ()
    # The pages it includes whole, in document order (the page YAML's `includes`).
    subpages: tuple[Subpage, ...] = ()
