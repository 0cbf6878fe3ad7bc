"""Progress while tests run: a bar with counts on a terminal, one line per page elsewhere (CI logs)."""

from __future__ import annotations

from collections import Counter
from typing import IO

from docextract.report.text import View, page_line
from docextract.results import Status, SuiteResult


class Progress:
    def __init__(
        self, stream: IO[str], total: int, terminal: bool, quiet: bool = False, view: View | None = None
    ):
        self.stream, self.total, self.quiet, self.view = stream, total, quiet, view or View()
        self.counts: Counter = Counter()
        self._bar = None
        if terminal and not quiet:
            # rich draws the bar; imported here only, so that runs in CI do not pay for it.
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("[bold]pages"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=Console(file=stream),
                transient=True,
            )
            self._task = self._bar.add_task(self._counts(), total=total)
            self._bar.start()

    def _counts(self) -> str:
        return " ".join(f"{self.counts[s]} {s.value}" for s in Status if self.counts.get(s))

    def page(self, result: SuiteResult) -> None:
        self.counts.update(t.status for t in result.tests)
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=self._counts())
        elif not self.quiet:
            self.stream.write(page_line(result, self.view) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
