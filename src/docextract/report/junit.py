"""Results as JUnit XML, the format CI systems show test results in."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from docextract.report.curl import curl
from docextract.results import Status, SuiteResult


def render(results: list[SuiteResult], auth_shown: str | None = None) -> str:
    root = ET.Element("testsuites", name="docextract")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in results:
        element = ET.SubElement(root, "testsuite", name=suite.suite, time=f"{suite.seconds:.3f}")
        counts = {"tests": len(suite.tests), "failures": 0, "errors": 0, "skipped": 0}
        for test in suite.tests:
            case = ET.SubElement(
                element,
                "testcase",
                classname=suite.suite,
                name=test.name,
                file=test.pos.file,
                line=str(test.pos.line),
                time=f"{test.seconds:.3f}",
            )
            if test.status is Status.FAILED:
                counts["failures"] += 1
                detail = test.failure
                node = ET.SubElement(case, "failure", message=detail.title if detail else test.reason or "")
                node.text = _details(test, auth_shown)
            elif test.status is Status.ERROR:
                counts["errors"] += 1
                ET.SubElement(case, "error", message=test.reason or "")
            elif test.status in (Status.SKIPPED, Status.UNSUPPORTED):
                counts["skipped"] += 1
                prefix = "unsupported by the target: " if test.status is Status.UNSUPPORTED else ""
                ET.SubElement(case, "skipped", message=prefix + (test.reason or ""))
        for key, value in counts.items():
            element.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _details(test, auth_shown: str | None) -> str:
    detail = test.failure
    lines = []
    if detail and detail.pos:
        lines.append(f"at {detail.pos.file}:{detail.pos.line}")
    if detail and detail.sent:
        lines.append(curl(detail.sent, auth_shown))
    if detail and detail.status is not None:
        lines.append(f"response {detail.status}: {(detail.response or '')[:2000]}")
    if detail and detail.diff:
        lines.extend(detail.diff)
    return "\n".join(lines)
