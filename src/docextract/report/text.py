"""Results for people: each failure with the doc lines to edit, the requests as curl, a diff; a summary."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from docextract.diagnostics import Diagnostic, Severity
from docextract.report.curl import curl
from docextract.report.problems import plural
from docextract.results import RunSummary, Status, SuiteResult, TestResult

ReadLine = Callable[[str, int], str | None]
_LABEL = {status: status.value.upper().replace("_", " ") for status in Status}
# A page is labelled by the worst of its outcomes; skipped only when every test was.
# A name the page chose, in what a target says it does not support: script in aggregation [grades].
_NAMED_IN = re.compile(r"(\bin \w+ )\[[^\]]*\]")
_WORST_FIRST = (
    Status.ERROR,
    Status.FAILED,
    Status.UNSUPPORTED,
    Status.NOT_RUN,
    Status.PASSED,
    Status.SKIPPED,
)


def _none(file: str, line: int) -> str | None:
    return None


@dataclass(frozen=True)
class View:
    """How reports name things: a doc file as the reader can open it, its lines, credentials' placeholder."""

    read_line: ReadLine = _none
    path: Callable[[str], str] = str  # a docs-root-relative file → as shown (relative to the current folder)
    auth: str | None = None  # curl's credentials, a placeholder such as -u elastic:$ES_PASSWORD


def _excerpt(view: View, file: str, line: int, before: int = 2, after: int = 2) -> list[str]:
    rows = []
    width = len(str(line + after))
    for number in range(max(1, line - before), line + after + 1):
        text = view.read_line(file, number)
        if text is None:
            break
        marker = ">" if number == line else " "
        rows.append(f"  {marker}{number:>{width}} | {text}")
    return rows


def failure(result: TestResult, view: View, heading: bool = True) -> str:
    """One failed (or errored) test, compiler style: what, where, the requests, the difference. Without
    its heading (the status, the test's place and name: pytest names the test above it), it opens with
    what went wrong, the line a one-line summary shows."""
    detail = result.failure
    title = detail.title if detail else (result.reason or "")
    if heading:
        lines = [f"{_LABEL[result.status]} {view.path(result.pos.file)}:{result.pos.line} ({result.name})"]
        lines.append(f"  {title}")
    else:
        lines = [title]
    where = detail.pos if detail and detail.pos else result.pos
    lines.append(f"  --> {view.path(where.file)}:{where.line}")
    lines.extend(_excerpt(view, where.file, where.line))
    if detail and detail.before:
        lines.append("  requests before it, in order:")
        lines.extend(f"    {curl(sent, view.auth)}" for sent in detail.before)
    if detail and detail.sent:
        lines.append(f"  request:  {curl(detail.sent, view.auth)}")
    if detail and detail.status is not None:
        response = (detail.response or "").strip().replace("\n", " ")
        lines.append(f"  response: {detail.status} {response[:300]}{'…' if len(response) > 300 else ''}")
    if detail and detail.diff:
        lines.append("  expected (-) and actual (+):")
        lines.extend(f"    {row}" for row in detail.diff[:60])
    elif detail and detail.expected is not None:
        lines.append(f"  expected: {_short(detail.expected)}")
        lines.append(f"  actual:   {_short(detail.actual)}")
    return "\n".join(lines)


def test_line(test: TestResult, view: View) -> str:
    """One line per test (-v): status, where, name, and why it did not pass."""
    why = f": {test.reason}" if test.reason and test.status is not Status.PASSED else ""
    return f"{_LABEL[test.status]:<11} {view.path(test.pos.file)}:{test.pos.line} {test.name}{why}"


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) < 300 else text[:300] + "…"


def totals(results: list[SuiteResult]) -> Counter:
    return Counter(test.status for suite in results for test in suite.tests)


def skip_reasons(results: list[SuiteResult]) -> Counter:
    """The skipped tests by the docs' reason."""
    return Counter(t.reason or "" for s in results for t in s.tests if t.status is Status.SKIPPED)


def lacking(results: list[SuiteResult]) -> Counter:
    """The unsupported tests by what the target lacks (feature)."""
    return Counter(feature(t) for s in results for t in s.tests if t.status is Status.UNSUPPORTED)


def summary(results: list[SuiteResult], run: RunSummary, diagnostics: list[Diagnostic], view: View) -> str:
    """The end of a run: counts by status, reasons, leaks, docs errors, one line per failure."""
    counts = totals(results)
    pages, tests = plural(len(results), "page"), plural(sum(counts.values()), "test")
    lines = ["", f"docextract run on {run.target}: {pages}, {tests} in {run.seconds:.1f} s"]
    if run.interrupted:
        lines.append(f"INTERRUPTED by {run.interrupted}: what ran is reported, the rest did not run")
    if run.stopped:
        lines.append(f"STOPPED: {run.stopped}")
    lines.append("")
    width = max(len(label) for label in _LABEL.values())
    # NOT RUN only when a run ended early: a complete run's summary stays as it always was.
    shown = [status for status in Status if status is not Status.NOT_RUN or counts.get(status)]
    lines += [f"  {_LABEL[status]:<{width}}  {counts.get(status, 0):>5}" for status in shown]
    skipped = skip_reasons(results)
    if skipped:
        lines += ["", "skipped, with the docs' reasons:"]
        lines += [f"  {n:>4} × {reason}" for reason, n in skipped.most_common()]
    unsupported = lacking(results)
    if unsupported:
        lines += ["", "unsupported by the target (not docs failures), by what it lacks:"]
        lines += [f"  {n:>4} × {name}" for name, n in unsupported.most_common()]
    gaps = sum(
        t.status is Status.FAILED and t.gap is not None and not t.gap.judged for s in results for t in s.tests
    )
    if gaps:
        lines += ["", f"{plural(gaps, 'failure')} may be target gaps; pass --es-spec to tell them apart"]
    leaks = [(s.suite, leak) for s in results for leak in s.leaks]
    if leaks:
        lines += ["", "left behind on the cluster (cleaned up by docextract):"]
        for suite, leak in leaks:
            pos = leak.created_by
            where = f"{view.path(pos.file)}:{pos.line}" if pos else view.path(suite)
            lines.append(f"  {leak.kind} {leak.name}  (created at {where})")
    lines += _docs_errors(diagnostics, view)
    bad = [t for s in results for t in s.tests if t.status in (Status.FAILED, Status.ERROR)]
    if bad:
        lines += ["", "failed:"]
        lines += [
            f"  {view.path(t.pos.file)}:{t.pos.line} {t.name}: {(t.failure.title if t.failure else t.reason)}"
            for t in bad
        ]
    return "\n".join(lines) + "\n"


def _docs_errors(diagnostics: list[Diagnostic], view: View, shown: int = 20) -> list[str]:
    """Errors in the docs by rule, then where (they scrolled by above; CI logs keep only the end)."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return []
    rules = Counter(d.code for d in errors)
    lines = ["", f"{plural(len(errors), 'error')} in the docs (their tests were not generated):"]
    lines += [f"  {n:>4} × {code}" for code, n in rules.most_common()]
    for d in errors[:shown]:
        where = f"{view.path(d.pos.file)}:{d.pos.line}:{d.pos.column}" if d.pos else "-"
        lines.append(f"  {where} {d.code}: {d.title}")
    if len(errors) > shown:
        lines.append(f"  … and {len(errors) - shown} more (--json lists every one)")
    return lines


def feature(test: TestResult) -> str:
    """What an unsupported test needs that the target lacks, as the summary groups them: the API (by the
    specification's name when known, else its path), the query, aggregation, body property …"""
    gap = test.gap
    if gap is None or (gap.kind == "api" and not gap.reference):
        return _api(gap.name if gap else None, test.reason)
    if gap.kind == "api":
        return f"API `{gap.reference}`"
    if gap.kind == "operation":  # script in aggregation [a] and in aggregation [b] are one feature
        return _NAMED_IN.sub(r"\1[…]", gap.name)
    owner = f" of `{gap.owner}`" if gap.owner and gap.kind in ("property", "parameter", "field") else ""
    noun = {"property": "body property", "mapping_type": "field type", "parameter": "query parameter"}
    return f"{noun.get(gap.kind, gap.kind)} `{gap.name}`{owner}"


def _api(request: str | None, reason: str | None) -> str:
    """Unsupported requests grouped by their path: `POST /<…>/_update/<…>`."""
    text = request or (reason or "?").partition(": ")[0]
    parts = text.split(" ")
    if len(parts) == 2 and parts[1].startswith("/"):
        path = parts[1].split("?", 1)[0]
        segments = [s if s.startswith("_") or not s else "<…>" for s in path.split("/")]
        return f"{parts[0]} {'/'.join(segments)}"
    return reason or "?"


def page_line(result: SuiteResult, view: View) -> str:
    """One line per page, for logs that are not a terminal (CI)."""
    counts = Counter(t.status for t in result.tests)
    worst = next((s for s in _WORST_FIRST if counts.get(s)), Status.PASSED)
    parts = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts.get(s)) or "no tests"
    return f"{_LABEL[worst]:<11} {view.path(result.suite)}  {parts} ({result.seconds:.2f} s)"
