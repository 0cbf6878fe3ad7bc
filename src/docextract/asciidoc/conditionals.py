"""Conditional preprocessing (ifdef, ifndef, ifeval … endif): which lines are skipped, and the
conditionals a page leaves open or closes wrongly."""

from __future__ import annotations

from typing import NamedTuple

from docextract.asciidoc import directives
from docextract.asciidoc.attributes import Attributes
from docextract.diagnostics import Diagnostics
from docextract.position import Pos


class _Condition(NamedTuple):
    active: bool
    names: tuple[str, ...]
    pos: Pos


class Conditionals:
    """The stack of open conditionals of one page."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        self._open: list[_Condition] = []
        self.skipping = 0  # how many enclosing conditionals are false: lines are skipped while > 0

    def open(self, active: bool, names: tuple[str, ...], pos: Pos) -> None:
        self._open.append(_Condition(active, names, pos))
        if not active:
            self.skipping += 1

    def directive(
        self,
        directive: directives.Directive,
        attributes: Attributes,
        pos: Pos,
        text: str,
        included_from: tuple[Pos, ...],
    ) -> str | None:
        """Open or close a conditional (any directive but an include); the line the one-line form
        delivers when its condition holds."""
        if isinstance(directive, directives.EndIf):
            self.close(directive, pos, text, included_from)
            return None
        if self.skipping:
            self.open(False, (), pos)  # nested in a false one: false, whatever it says
            return None
        if isinstance(directive, directives.IfEval):
            self.open(directives.evaluate(directive), ("ifeval",), pos)
            return None
        found = [attributes.is_set(n) for n in directive.names]
        active = (all(found) if directive.all_of else any(found)) != directive.negate
        if directive.content is not None:  # one-line form: no endif
            return attributes.substitute(directive.content) if active else None
        self.open(active, directive.names, pos)
        return None

    def close(self, directive: directives.EndIf, pos: Pos, text: str, included_from: tuple[Pos, ...]) -> None:
        if not self._open:
            self.diagnostics.error(
                "unmatched-endif",
                "endif without a matching ifdef, ifndef or ifeval",
                pos,
                "remove this line or add the conditional it closes",
                source_line=text,
                included_from=included_from,
            )
            return
        condition = self._open.pop()
        if not condition.active:
            self.skipping -= 1
        if (
            directive.names
            and condition.names
            and directive.names != condition.names
            and condition.names != ("ifeval",)
        ):
            self.diagnostics.warning(
                "mismatched-endif",
                f"endif::{'+'.join(directive.names)}[] closes the conditional "
                f"for '{', '.join(condition.names)}'",
                pos,
                f"write endif::{','.join(condition.names)}[] or endif::[]",
                source_line=text,
                included_from=included_from,
            )

    def finish(self) -> None:
        """At the end of the page: every conditional still open is reported."""
        for condition in self._open:
            self.diagnostics.warning(
                "unterminated-conditional",
                f"conditional block for '{', '.join(condition.names) or '…'}' is never closed",
                condition.pos,
                "add an endif::[] line where the conditional content ends",
            )
        self._open.clear()
