"""The reports of `docextract run`: --json and --junit checked before work starts, the JSON Lines
written as results arrive, and every report completed whatever stops the run."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from pathlib import Path
from typing import IO

from docextract.atomicfile import write_atomic
from docextract.commands.common import UsageError
from docextract.diagnostics import Diagnostic, Severity
from docextract.environment import Environment
from docextract.report import junit, text
from docextract.report.jsonlines import JsonLines
from docextract.report.text import View
from docextract.results import RunSummary, Status, SuiteResult
from docextract.syntax import unreadable

_RECORDS = ("test", "leak", "diagnostic", "summary")


def check_report_path(value: str | None, option: str) -> Path | None:
    """A report file docextract may write: in a folder that exists and is writable, and not a file of
    someone else's (an existing one must be an earlier docextract report, or empty)."""
    if value is None:
        return None
    path = Path(value)
    # A link is refused, dangling or not: what it points at is no file docextract can prove it wrote,
    # and replacing the link itself would lose the user's link.
    if path.is_symlink():
        raise UsageError(
            f"{option} {value} is a symbolic link: docextract does not write through links; give the file "
            "it points to, or another name"
        )
    if path.is_dir():
        raise UsageError(f"{option} {value} is a folder; give a file name in it, such as {path / 'report'}")
    # A FIFO would be read for ever (is it an earlier report?), and a device replaced by the report.
    found = unreadable.check(path)
    if found is not None and not found.missing:
        raise UsageError(
            f"{option} {value} {found.why}: a report is written to a regular file; give its name"
        )
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {value}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {value}: no permission to write there")
    if path.exists() and not _a_report(path, option):
        raise UsageError(
            f"{option} {value} exists and is not a docextract report: docextract overwrites only its own "
            "reports; remove the file or give another name"
        )
    return path


def _check_apart(json_path: Path | None, junit_path: Path | None, inputs: list[str]) -> None:
    """The reports are two files, neither an input: written to one file, the last would silently replace
    the first (however the paths are spelt, hard links included)."""
    if json_path is not None and junit_path is not None and _same_file(json_path, junit_path):
        raise UsageError(
            f"--json {json_path} and --junit {junit_path} are the same file: give each report its own name"
        )
    for option, report in (("--json", json_path), ("--junit", junit_path)):
        for given in inputs:
            if report is not None and _same_file(report, Path(given)):
                raise UsageError(f"{option} {report} is the input {given}: give the report another name")


def _same_file(first: Path, second: Path) -> bool:
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False  # one of them does not exist yet: told apart by their paths, above


def _a_report(path: Path, option: str) -> bool:
    try:
        with open(unreadable.open_regular(path), "rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    if not head.strip():
        return True
    if option == "--junit":
        return b'<testsuites name="docextract"' in head
    try:
        first = json.loads(head.splitlines()[0])
    except ValueError:
        return False
    return isinstance(first, dict) and first.get("type") in _RECORDS


class RunReports:
    """Opened before the run; finish() completes every report and the text, whatever happened."""

    def __init__(self, args: argparse.Namespace, env: Environment, view: View):
        self.args, self.env, self.view = args, env, view
        self.json_path = check_report_path(args.json, "--json")
        self.junit_path = check_report_path(args.junit, "--junit")
        _check_apart(self.json_path, self.junit_path, args.paths)
        self.unwritten: list[str] = []  # reports that could not be written (disk full…), with why
        self._file: IO[str] | None = None
        self._lines: JsonLines | None = None
        self._opened = False  # --json is opened with the first result: a run refused before keeps the last

    def _open_json(self) -> JsonLines | None:
        if not self._opened and self.json_path is not None:
            self._opened = True
            self._file = self._guard(self.json_path, lambda: self.json_path.open("w", encoding="utf-8"))
            self._lines = JsonLines(self._file) if self._file else None
        return self._lines

    def _guard(self, path: Path, write):
        """Run one write; an OSError stops that report only, and is reported at the end."""
        try:
            return write()
        except OSError as err:
            self.unwritten.append(f"{path}: {err.strerror or err}")
            self._close_json()
            return None

    def _close_json(self) -> None:
        file, self._file, self._lines = self._file, None, None
        if file is not None:
            with contextlib.suppress(OSError):  # the error that stopped it is reported already
                file.close()

    def page(self, result: SuiteResult) -> None:
        if (lines := self._open_json()) is not None:
            self._guard(self.json_path, lambda: lines.suite(result))

    def finish(self, results: list[SuiteResult], run: RunSummary, diagnostics: list[Diagnostic]) -> None:
        counts = text.totals(results)
        errors = sum(d.severity is Severity.ERROR for d in diagnostics)
        if (lines := self._open_json()) is not None:

            def complete() -> None:
                for diagnostic in diagnostics:
                    lines.diagnostic(diagnostic)
                by_status = {s.value: counts.get(s, 0) for s in Status}
                skipped = dict(text.skip_reasons(results).most_common())
                lacking = dict(text.lacking(results).most_common())
                lines.summary(by_status, run, errors, skipped, lacking)

            self._guard(self.json_path, complete)
        self._close_json()
        if self.junit_path is not None:
            shard = getattr(self.args, "shard", None)
            document = junit.render(results, run, diagnostics, self.view, str(shard) if shard else None)
            self._guard(self.junit_path, lambda: _write_atomically(self.junit_path, document))
        self._print(results, run, diagnostics)

    def _print(self, results: list[SuiteResult], run: RunSummary, diagnostics: list[Diagnostic]) -> None:
        """Results on stdout (a pager or a file gets them); problems and progress went to stderr."""
        out = self.env.stdout
        for result in results:
            for test in result.tests:
                if test.status in (Status.FAILED, Status.ERROR):
                    out.write(text.failure(test, self.view) + "\n\n")
                elif self.args.verbose:
                    out.write(text.test_line(test, self.view) + "\n")
        if not self.args.quiet:
            out.write(text.summary(results, run, diagnostics, self.view))
        for problem in self.unwritten:
            self.env.stderr.write(f"docextract: error: a report could not be written: {problem}\n")
        out.flush()


def _write_atomically(path: Path, content: str) -> None:
    """Write beside the target, then rename: an interrupted write never leaves half a report."""
    write_atomic(path, content.encode("utf-8"))
