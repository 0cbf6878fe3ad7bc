"""The outcome of replaying tests, as data: what was sent, what failed, where in the docs to look."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from docextract.position import Pos


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"  # the docs say something the cluster does not do
    SKIPPED = "skipped"  # skip: in the test (the docs' own reason) or a runner feature not implemented
    UNSUPPORTED = "unsupported"  # the target has no such API (osmem has no _connector, for example)
    ERROR = "error"  # the run could not tell: cluster unreachable, timeout, a step that cannot be executed
    NOT_RUN = "not_run"  # selected, but the run ended before it (interrupted, or its cluster lost)


@dataclass(frozen=True)
class Sent:
    """A request as it was sent, enough to replay it by hand (credentials are never kept)."""

    method: str
    url: str  # base URL + path + query string
    headers: dict[str, str]  # without Authorization
    body: str | None
    content_type: str | None


@dataclass(frozen=True)
class Failure:
    """Why a test failed: the step, the doc line to edit, expected and actual, and the requests sent."""

    title: str  # one line: "match $body.hits.total: expected 3, got 2"
    step: str  # the kind of step: do, match, is_true, length, …
    pos: Pos | None  # the doc line to edit (the request, the response snippet, the annotation)
    expected: Any = None
    actual: Any = None
    diff: tuple[str, ...] = ()  # a readable diff of expected and actual, line by line
    sent: Sent | None = None  # the last request of the test
    before: tuple[Sent, ...] = ()  # the requests of the test before it (its setup, what it continues)
    status: int | None = None  # its response status
    response: str | None = None  # its response body (trimmed)


@dataclass(frozen=True)
class Gap:
    """A name the target said it does not know (an API, a query, a body property …): a page that is wrong,
    or a feature the target lacks, which the Elasticsearch specification tells apart."""

    kind: str  # api | query | aggregation | property | field | parameter | mapping_type
    name: str  # pinned; for an API, the request as sent: POST /_query
    owner: str | None = (
        None  # what the name belongs to: the object of a field (field_sort), the API of a property
    )
    known: bool | None = (
        None  # whether Elasticsearch knows it; None: not looked up, or the specification cannot tell
    )
    judged: bool = False  # looked up in a specification
    reference: str | None = None  # the specification's name for it: esql.query, QueryContainer.pinned
    suggestion: str | None = None  # the specification's nearest name, for a name it does not know


@dataclass(frozen=True)
class TestResult:
    """One test's outcome: its status, the snippet that opened it, and why when it did not pass."""

    suite: str  # the page (or YAML file) the test comes from
    name: str  # line_42, or the snippet's id=
    status: Status
    pos: Pos  # the snippet that opened the test
    seconds: float = 0.0
    reason: str | None = None  # why skipped, unsupported or in error
    failure: Failure | None = None
    requests: int = 0
    # Why the run could not tell (an error): the cluster was unreachable, too slow, hung up, or TLS failed.
    cause: str | None = None  # unreachable | timeout | reset | tls
    # What the target said it does not know, when a request failed or was unsupported that way.
    gap: Gap | None = None


@dataclass(frozen=True)
class Leak:
    """Something a page created and did not remove (on a shared cluster)."""

    kind: str  # index | index_template | component_template | pipeline | data_stream
    name: str
    created_by: Pos | None  # the snippet that created it, when known


@dataclass(frozen=True)
class RunSummary:
    """How a run went as a whole, beside its results."""

    target: str  # the cluster, as shown: its URL (never credentials) and version
    seconds: float
    interrupted: str | None = None  # "SIGTERM while replaying tests": stopped by a signal, and where
    stopped: str | None = None  # why the run stopped before the end (the cluster went away), if it did


@dataclass(frozen=True)
class SuiteResult:
    """The results of one suite (a page or a YAML file): its tests and what they left behind."""

    suite: str
    tests: tuple[TestResult, ...] = ()
    leaks: tuple[Leak, ...] = ()
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(t.status is status for t in self.tests)
