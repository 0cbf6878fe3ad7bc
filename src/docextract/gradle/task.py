"""buildRestTests, where build.gradle's setups live: what the script defines, and what is left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docextract.diagnostics import Diagnostics
from docextract.gradle import nodes
from docextract.gradle.values import Unsupported
from docextract.position import Pos
from docextract.setups import NamedSetup, Setups

KINDS = {"setups": "setup", "teardowns": "teardown"}
UNCONVERTED = "expectedUnconvertedCandidates"
HINT = (
    "docextract evaluates strings, numbers, lists, local variables, closures defined in this file, "
    "for, if, + and .replace(), and knows nothing of Gradle's objects: build the text from those"
)


@dataclass(frozen=True)
class FragmentMap:
    """`setups` or `teardowns` (of buildRestTests, or bare) as a value: indexing it reads or assigns one."""

    kind: str  # setups or teardowns


class RestTests:
    """buildRestTests: only its setups, teardowns and expectedUnconvertedCandidates exist here.

    A setup whose text cannot be evaluated is left out rather than kept half-built. A statement that
    leaves setups out is reported once, though a loop or a closure may run it many times.
    """

    def __init__(self, file: str, diagnostics: Diagnostics):
        self.file = file
        self.diagnostics = diagnostics
        self.texts: dict[str, dict[str, tuple[str, Pos]]] = {kind: {} for kind in KINDS}
        self.left_out: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.unconverted: list | None = None
        self.reported: set[tuple] = set()

    def definitions(self) -> Setups:
        made = {
            kind: {name: NamedSetup(name, value, pos) for name, (value, pos) in texts.items()}
            for kind, texts in self.texts.items()
        }
        unconverted = None if self.unconverted is None else tuple(self.unconverted)
        return Setups(made["setups"], made["teardowns"], unconverted)

    def read(self, kind: str, name: str, line: int) -> str | None:
        if name in self.left_out[kind]:
            raise Unsupported(f"{KINDS[kind]} '{name}', which is left out", line)
        found = self.texts[kind].get(name)
        return found[0] if found else None  # a Groovy map gives null for a missing key

    def assign(self, statement: nodes.Assign, kind: str, name, new_value: Callable) -> None:
        """`buildRestTests.<kind>[name] = …` (or `+=`); new_value(current) evaluates the right-hand side,
        current() giving the text the name holds now."""
        if not isinstance(name, str):
            raise Unsupported(f"a {KINDS[kind]} name that is not a string", statement.target.line)
        texts = self.texts[kind]
        if statement.operator != "=" and name in self.left_out[kind]:
            return  # adding to a setup that is already left out, and reported
        try:
            value = new_value(lambda: texts[name][0] if name in texts else None)
            if not isinstance(value, str):
                raise Unsupported(f"a {KINDS[kind]} that is not a string", statement.value.line)
        except Unsupported as problem:
            self.leave_out([(kind, name)], statement, problem)
            return
        kept = statement.operator != "=" and name in texts
        texts[name] = (value, texts[name][1] if kept else Pos(self.file, statement.line, statement.column))
        self.left_out[kind].discard(name)

    def assign_unconverted(self, value, line: int) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Unsupported("a value other than a list of strings", line)
        self.unconverted = value

    def leave_out(self, assigned: list, statement: nodes.Node, problem: Unsupported) -> None:
        """Drop what a statement that cannot be evaluated assigns (as assigns.py tells it) and warn."""
        subjects = []
        for kind, name in assigned:
            if kind == UNCONVERTED:
                self.unconverted = None
                subjects.append(UNCONVERTED)
            elif name is None:
                subjects.append(f"the {kind} assigned here")
            else:
                self.left_out[kind].add(name)
                self.texts[kind].pop(name, None)
                subjects.append(f"{KINDS[kind]} '{name}'")
        where = f" (line {problem.line})" if problem.line != statement.line else ""
        title = f"{', '.join(dict.fromkeys(subjects))} left out: cannot evaluate {problem.what}{where}"
        if (statement.line, statement.column, title) not in self.reported:
            self.reported.add((statement.line, statement.column, title))
            pos = Pos(self.file, statement.line, statement.column)
            self.diagnostics.warning("gradle-unsupported", title, pos, HINT)

    def stop(self, statement: nodes.Node, what: str, line: int) -> None:
        """The file stops running at this statement, its work bound (what) spent at line: say so, once."""
        pos = Pos(self.file, statement.line, statement.column)
        where = f" (line {line})" if line != statement.line else ""
        title = f"build.gradle is run no further: cannot evaluate {what}{where}"
        self.diagnostics.warning(
            "gradle-unsupported",
            title,
            pos,
            "what this statement and the rest of the file assign is left out; build the setups without "
            "loops that run for so long",
        )
