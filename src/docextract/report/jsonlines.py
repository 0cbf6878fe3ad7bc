"""Results as JSON Lines, written as they arrive, so that a crash or Ctrl-C loses nothing."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from docextract.diagnostics import Diagnostic
from docextract.report import problems
from docextract.results import RunSummary, SuiteResult, TestResult


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def test_record(test: TestResult) -> dict:
    record = _plain(asdict(test))
    record["pos"] = {"file": test.pos.file, "line": test.pos.line}
    for key in ("cause", "gap"):  # only errors have a cause, only refusals of unknown names a gap
        if record[key] is None:
            del record[key]
    return {"type": "test", **record}


class JsonLines:
    def __init__(self, stream: IO[str]):
        self.stream = stream

    def suite(self, result: SuiteResult) -> None:
        for test in result.tests:
            self._write(test_record(test))
        for leak in result.leaks:
            self._write({"type": "leak", "suite": result.suite, **_plain(asdict(leak))})
        self.stream.flush()

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        """A problem in the docs (the tests of its snippet were not generated, if it is an error)."""
        self._write({"type": "diagnostic", **problems.as_dict(diagnostic)})

    def summary(
        self,
        counts: dict[str, int],
        run: RunSummary,
        docs_errors: int,
        skipped_by: dict[str, int] | None = None,
        unsupported_by: dict[str, int] | None = None,
    ) -> None:
        """The last record: counts by status; the skipped tests by reason and the unsupported ones by what
        the target lacks, as the text summary groups them (most first)."""
        record = {
            "type": "summary",
            "target": run.target,
            "seconds": round(run.seconds, 3),
            "interrupted": run.interrupted is not None,
            **counts,
            "docs_errors": docs_errors,
            "skipped_by": skipped_by or {},
            "unsupported_by": unsupported_by or {},
        }
        if run.interrupted:
            record["interrupted_by"] = run.interrupted
        if run.stopped:
            record["stopped"] = run.stopped
        self._write(record)
        self.stream.flush()

    def _write(self, record: dict) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
