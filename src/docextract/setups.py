"""Named setups and teardowns (`// TEST[setup:name]`) as plain data, whatever file defined them."""

from __future__ import annotations

from dataclasses import dataclass, field

from docextract.position import Pos


@dataclass(frozen=True)
class NamedSetup:
    """A named setup or teardown: YAML steps as text, indented as list items of a test (`  - do:`)."""

    name: str
    text: str  # printed verbatim after `# Named setup NAME`, as the reference prints it
    pos: Pos  # where it is defined


@dataclass(frozen=True)
class Setups:
    """The named setups and teardowns a file defines, and the js snippets it lets stay unconverted."""

    setups: dict[str, NamedSetup] = field(default_factory=dict)
    teardowns: dict[str, NamedSetup] = field(default_factory=dict)
    # buildRestTests.expectedUnconvertedCandidates: doc paths (with /) whose js snippets may stay
    # unconverted; None when the file does not say.
    expected_unconverted: tuple[str, ...] | None = None
