"""Results as JUnit XML, the format CI systems show test results in; errors in the docs are errored
test cases too, so that a CI that reads only the JUnit file sees them."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from docextract.diagnostics import Diagnostic, Severity
from docextract.report.curl import curl
from docextract.report.text import View
from docextract.results import RunSummary, Status, SuiteResult, TestResult

_COUNTS = ("tests", "failures", "errors", "skipped")


def render(
    results: list[SuiteResult],
    run: RunSummary,
    diagnostics: list[Diagnostic],
    view: View,
    shard: str | None = None,
) -> str:
    """The JUnit document of a run; of one part of a shard (`2/4`), with test ids that no other part
    uses, so that the parts' files merge into one report."""
    root = ET.Element("testsuites", name="docextract")
    totals = dict.fromkeys(_COUNTS, 0)
    for suite in results:
        element = ET.SubElement(root, "testsuite", name=suite.suite, time=f"{suite.seconds:.3f}")
        counts = dict.fromkeys(_COUNTS, 0)
        for test in suite.tests:
            _case(element, suite, test, counts, view)
        _close(element, counts, totals)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        # Tests are named by their page, which is in one part only; a problem outside the pages (in the
        # setups file) is found by every part, so the part is in the name.
        suffix = f" (shard {shard})" if shard else ""
        element = ET.SubElement(root, "testsuite", name="docs errors" + suffix, time="0.000")
        counts = dict.fromkeys(_COUNTS, 0)
        for diagnostic in errors:
            _docs_error(element, diagnostic, counts, view, suffix)
        _close(element, counts, totals)
    for key, value in totals.items():
        root.set(key, str(value))
    if run.interrupted or run.stopped or shard:
        properties = ET.SubElement(root, "properties")
        for name, value in (("interrupted", run.interrupted), ("stopped", run.stopped), ("shard", shard)):
            if value:
                ET.SubElement(properties, "property", name=name, value=value)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _close(element: ET.Element, counts: dict[str, int], totals: dict[str, int]) -> None:
    for key, value in counts.items():
        element.set(key, str(value))
        totals[key] += value


def _case(
    element: ET.Element, suite: SuiteResult, test: TestResult, counts: dict[str, int], view: View
) -> None:
    counts["tests"] += 1
    case = ET.SubElement(
        element,
        "testcase",
        classname=suite.suite,
        name=test.name,
        file=view.path(test.pos.file),
        line=str(test.pos.line),
        time=f"{test.seconds:.3f}",
    )
    if test.status is Status.FAILED:
        counts["failures"] += 1
        detail = test.failure
        node = ET.SubElement(case, "failure", message=detail.title if detail else test.reason or "")
        node.text = _details(test, view)
    elif test.status is Status.ERROR:
        counts["errors"] += 1
        ET.SubElement(case, "error", message=test.reason or "")
    elif test.status in (Status.SKIPPED, Status.UNSUPPORTED, Status.NOT_RUN):
        counts["skipped"] += 1
        prefix = "unsupported by the target: " if test.status is Status.UNSUPPORTED else ""
        ET.SubElement(case, "skipped", message=prefix + (test.reason or ""))


def _docs_error(
    element: ET.Element, diagnostic: Diagnostic, counts: dict[str, int], view: View, suffix: str
) -> None:
    """An error in the docs as a test case named after its page and line."""
    counts["tests"] += 1
    counts["errors"] += 1
    pos = diagnostic.pos
    file, line = (view.path(pos.file), pos.line) if pos else ("-", 0)
    case = ET.SubElement(
        element,
        "testcase",
        classname=file,
        name=f"{file}:{line} {diagnostic.code}{suffix}",
        file=file,
        line=str(line),
    )
    node = ET.SubElement(case, "error", message=diagnostic.title, type=diagnostic.code)
    node.text = f"at {file}:{line}:{pos.column if pos else 0}" + (
        f"\nhint: {diagnostic.hint}" if diagnostic.hint else ""
    )


def _details(test: TestResult, view: View) -> str:
    detail = test.failure
    lines = []
    if detail and detail.pos:
        lines.append(f"at {view.path(detail.pos.file)}:{detail.pos.line}")
    if detail:
        lines.extend(
            curl(sent, view.auth) for sent in (*detail.before, *([detail.sent] if detail.sent else []))
        )
    if detail and detail.status is not None:
        lines.append(f"response {detail.status}: {(detail.response or '')[:2000]}")
    if detail and detail.diff:
        lines.extend(detail.diff)
    return "\n".join(lines)
