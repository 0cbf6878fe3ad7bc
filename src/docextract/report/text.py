"""Results for people: each failure with the doc lines to edit, the request as curl, a diff; a summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from docextract.report.curl import curl
from docextract.results import Status, SuiteResult, TestResult

ReadLine = Callable[[str, int], str | None]
_LABEL = {
    Status.PASSED: "PASSED",
    Status.FAILED: "FAILED",
    Status.SKIPPED: "SKIPPED",
    Status.UNSUPPORTED: "UNSUPPORTED",
    Status.ERROR: "ERROR",
}


def _excerpt(read_line: ReadLine, file: str, line: int, before: int = 2, after: int = 2) -> list[str]:
    rows = []
    width = len(str(line + after))
    for number in range(max(1, line - before), line + after + 1):
        text = read_line(file, number)
        if text is None:
            break
        marker = ">" if number == line else " "
        rows.append(f"  {marker}{number:>{width}} | {text}")
    return rows


def failure(result: TestResult, read_line: ReadLine, auth_shown: str | None = None) -> str:
    """One failed (or errored) test, compiler style: what, where, the request, the difference."""
    lines = [f"{_LABEL[result.status]} {result.pos.file}:{result.pos.line} ({result.name})"]
    detail = result.failure
    title = detail.title if detail else (result.reason or "")
    lines.append(f"  {title}")
    where = detail.pos if detail and detail.pos else result.pos
    lines.append(f"  --> {where.file}:{where.line}")
    lines.extend(_excerpt(read_line, where.file, where.line))
    if detail and detail.sent:
        lines.append(f"  request:  {curl(detail.sent, auth_shown)}")
    if detail and detail.status is not None:
        response = (detail.response or "").strip().replace("\n", " ")
        lines.append(f"  response: {detail.status} {response[:300]}{'…' if len(response) > 300 else ''}")
    if detail and detail.diff:
        lines.append("  expected (-) and actual (+):")
        lines.extend(f"    {row}" for row in detail.diff[:60])
    elif detail and detail.expected is not None and not detail.diff:
        lines.append(f"  expected: {_short(detail.expected)}")
        lines.append(f"  actual:   {_short(detail.actual)}")
    return "\n".join(lines)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) < 300 else text[:300] + "…"


def totals(results: list[SuiteResult]) -> Counter:
    return Counter(test.status for suite in results for test in suite.tests)


def summary(results: list[SuiteResult], target: str, seconds: float) -> str:
    """The end of a run: counts by status, skip and unsupported reasons, leaks, one line per failure."""
    counts = totals(results)
    tests = sum(counts.values())
    lines = ["", f"docextract run on {target}: {len(results)} pages, {tests} tests in {seconds:.1f} s", ""]
    width = max(len(label) for label in _LABEL.values())
    for status in Status:
        lines.append(f"  {_LABEL[status]:<{width}}  {counts.get(status, 0):>5}")
    skipped = Counter(t.reason or "" for s in results for t in s.tests if t.status is Status.SKIPPED)
    if skipped:
        lines += ["", "skipped, with the docs' reasons:"]
        lines += [f"  {n:>4} × {reason}" for reason, n in skipped.most_common()]
    unsupported = Counter(_api(t.reason) for s in results for t in s.tests if t.status is Status.UNSUPPORTED)
    if unsupported:
        lines += ["", "unsupported by the target (not docs failures):"]
        lines += [f"  {n:>4} × {api}" for api, n in unsupported.most_common()]
    leaks = [(s.suite, leak) for s in results for leak in s.leaks]
    if leaks:
        lines += ["", "left behind on the cluster (cleaned up by docextract):"]
        for suite, leak in leaks:
            where = f"{leak.created_by.file}:{leak.created_by.line}" if leak.created_by else suite
            lines.append(f"  {leak.kind} {leak.name}  (created at {where})")
    bad = [t for s in results for t in s.tests if t.status in (Status.FAILED, Status.ERROR)]
    if bad:
        lines += ["", "failed:"]
        lines += [
            f"  {t.pos.file}:{t.pos.line} {t.name}: {(t.failure.title if t.failure else t.reason)}"
            for t in bad
        ]
    return "\n".join(lines) + "\n"


def _api(reason: str | None) -> str:
    """Unsupported reasons grouped by the API they name: `POST /<…>/_update/<…>`."""
    text = reason or "?"
    head, _, rest = text.partition(": ")
    parts = head.split(" ")
    if len(parts) == 2 and parts[1].startswith("/") and "no such API" in rest:
        path = parts[1].split("?", 1)[0]
        segments = [s if s.startswith("_") or not s else "<…>" for s in path.split("/")]
        return f"{parts[0]} {'/'.join(segments)}"
    return text


def page_line(result: SuiteResult) -> str:
    """One line per page, for logs that are not a terminal (CI)."""
    counts = Counter(t.status for t in result.tests)
    worst = next(
        (
            s
            for s in (Status.ERROR, Status.FAILED, Status.UNSUPPORTED, Status.SKIPPED, Status.PASSED)
            if counts.get(s)
        ),
        Status.PASSED,
    )
    parts = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts.get(s)) or "no tests"
    return f"{_LABEL[worst]:<11} {result.suite}  {parts} ({result.seconds:.2f} s)"
