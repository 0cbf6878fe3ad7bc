"""The arbiter: a test that failed because the target did not know a name is a wrong page or a feature the
target lacks; the Elasticsearch specification (--es-spec) says which, as each page's results arrive."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from docextract.results import Failure, Gap, Status, SuiteResult, TestResult
from docextract.runner import verdicts
from docextract.runner.gaps import recognise
from docextract.runner.transport import Response

# spec.judge bound to the specification: a gap with whether Elasticsearch knows the name.
Judge = Callable[[Gap], Gap]

_NOT_CAUGHT = verdicts.Stop(Status.FAILED)
_KINDS = {
    "api": "an API",
    "query": "a query",
    "aggregation": "an aggregation",
    "mapping_type": "a mapping field type",
    "property": "a request body property",
    "parameter": "a query parameter",
    "field": "a field",
}


def judge_with(es_spec: str | None) -> Judge | None:
    """The judge of the specification file, read once (SpecError when it cannot be); None without one."""
    if not es_spec:
        return None
    from pathlib import Path

    from docextract import spec

    schema = spec.load(Path(es_spec))
    return lambda gap: spec.judge(schema, gap)


def classify(result: SuiteResult, judge: Judge | None) -> SuiteResult:
    """A page's results with each refusal of an unknown name read: without a judge only noted (the
    report counts them), with one failed (the page is wrong) or unsupported (the target lacks it)."""
    tests = tuple(classify_test(test, judge) for test in result.tests)
    return replace(result, tests=tests) if tests != result.tests else result


def classify_test(test: TestResult, judge: Judge | None) -> TestResult:
    failure = test.failure
    if test.status not in (Status.FAILED, Status.UNSUPPORTED) or failure is None or failure.step != "do":
        return test
    if failure.sent is None or failure.status is None:
        return test
    gap = recognise(failure.status, failure.response or "", failure.sent)
    if gap is None:
        return test
    gap = judge(gap) if judge is not None else gap
    if gap.known is True:
        return replace(test, status=Status.UNSUPPORTED, reason=lacks(gap), gap=gap)
    if gap.known is False and test.status is Status.UNSUPPORTED and _caught(failure):
        # The page expects an error, and Elasticsearch does not know the request either: what the target
        # answered is the error the page expects, so the target is not lacking anything.
        return replace(test, status=Status.PASSED, reason=None, failure=None, gap=gap)
    if gap.known is False:
        title = f"{wrong(gap)} ({failure.title})"
        return replace(
            test, status=Status.FAILED, reason=title, failure=replace(failure, title=title), gap=gap
        )
    return replace(test, gap=gap)


def _caught(failure: Failure) -> bool:
    """Whether the step's `catch` (kept as the failure's expected value) takes the target's answer."""
    if not isinstance(failure.expected, str) or failure.status is None:
        return False
    text = failure.response or ""
    try:
        body = json.loads(text)
    except ValueError:
        body = text
    response = Response(failure.status, {}, text, body, ())
    return verdicts.check_status(failure.expected, response, True, lambda *_, **__: _NOT_CAUGHT) is None


def _what(gap: Gap) -> str:
    if gap.kind == "api":
        return f"the API `{gap.reference or gap.name}` ({gap.name})"
    if gap.kind == "operation":
        return f"support for {gap.name} ({gap.owner})"
    if gap.kind == "field" and gap.owner:
        return f"the field `{gap.name}` of `{gap.owner}`"
    noun = _KINDS.get(gap.kind, gap.kind).split(" ", 1)[1]
    return f"the {noun} `{gap.name}`" + (
        f" of `{gap.owner}`" if gap.kind in ("property", "parameter") else ""
    )


def lacks(gap: Gap) -> str:
    """The reason of a test the target cannot run: what it lacks, and where the specification has it."""
    return f"the target lacks {_what(gap)}, which Elasticsearch has (specification: {gap.reference})"


def wrong(gap: Gap) -> str:
    """The title of a failure where the page names what Elasticsearch does not know."""
    kind = _KINDS.get(gap.kind, gap.kind)
    if gap.kind in ("property", "parameter") and gap.owner:
        kind = f"{kind} of `{gap.owner}`"
    elif gap.kind == "field" and gap.owner:
        kind = f"a field of `{gap.owner}`"
    hint = f"; did you mean `{gap.suggestion}`?" if gap.suggestion else ""
    return f"`{gap.name}` is not {kind} Elasticsearch knows{hint}"
