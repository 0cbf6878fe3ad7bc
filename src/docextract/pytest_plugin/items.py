"""The pytest nodes of the docs: a page is a test file, each of its tests an item that replays it on the
cluster; failures and docs errors read as `docextract run` writes them, without the plugin's frames."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Protocol

import pytest

from docextract.clock import SystemClock
from docextract.pytest_plugin.cluster import ClusterError, Clusters
from docextract.pytest_plugin.docs import DocsErrors, DocsTree, DocsWarning
from docextract.report import text
from docextract.results import Status, TestResult
from docextract.runner.replay import FATAL, run_test
from docextract.suite import Case, Suite


class Docs(Protocol):
    """What the nodes share with the plugin's session (session.py): the cluster, how reports show files."""

    clusters: Clusters

    def view(self, tree: DocsTree) -> text.View: ...


class ReplayFailed(Exception):
    """A test that failed (or errored) on the cluster: its result, rendered as `docextract run` does."""

    def __init__(self, result: TestResult):
        super().__init__(result.reason)
        self.result = result


class DocPage(pytest.File):
    """A page of the docs, collected as a test file: one item per test, in page order."""

    docs: Docs  # set by the plugin right after from_parent
    tree: DocsTree

    def collect(self):
        found = self.tree.tests(self.path)
        for problem in found.warnings:
            pos = problem.pos
            where = self.tree.path(pos.file) if pos else self.path
            message = f"{problem.code}: {problem.title}" + (f" ({problem.hint})" if problem.hint else "")
            warnings.warn_explicit(message, DocsWarning, str(where), pos.line if pos else 0)
        if found.errors:
            raise DocsErrors(found.errors.rstrip())
        if found.suite is None:
            return
        for case in found.suite.tests:
            item = DocTest.from_parent(self, name=case.name)
            item.prepare(self.docs, self.tree, found.suite, case)
            yield item

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DocsErrors):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class DocTest(pytest.Item):
    """One test of a page (a snippet, with the `continued` snippets after it, in order)."""

    def prepare(self, docs: Docs, tree: DocsTree, suite: Suite, case: Case) -> None:
        # A skip is judged when the test runs (skips.verdict may ask the target its version): it is
        # reported at the snippet's line like any outcome.
        self.docs, self.tree, self.suite, self.case = docs, tree, suite, case

    def runtest(self) -> None:
        try:
            cluster = self.docs.clusters.get(
                lambda: [item.suite for item in self.session.items if isinstance(item, DocTest)]
            )
        except ClusterError as err:
            self.session.shouldstop = f"docextract: {err}"
            raise
        result, leaks = run_test(self.suite, self.case, cluster, SystemClock())
        for leak in leaks:  # left behind on a shared cluster, and cleaned up
            where = leak.created_by or self.case.pos
            message = f"{leak.kind} {leak.name} was left on the cluster (docextract deleted it)"
            warnings.warn_explicit(message, DocsWarning, str(self.tree.path(where.file)), where.line)
        if result.status is Status.PASSED:
            return
        if result.status is Status.SKIPPED:
            pytest.skip(result.reason or "skipped")
        if result.status is Status.UNSUPPORTED:
            # A skip, not an xfail: the target lacks the API, so the test says nothing about the docs;
            # an xfail would read as a known docs bug, and pass (XPASS) on a cluster that has the API.
            pytest.skip(f"unsupported by the target: {result.reason}")
        if result.cause in FATAL:
            self.session.shouldstop = f"docextract: {result.reason}"
        raise ReplayFailed(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ReplayFailed):
            return text.failure(excinfo.value.result, self.docs.view(self.tree), heading=False)
        if isinstance(excinfo.value, ClusterError):
            return f"docextract: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        pos = self.case.pos
        return self.tree.path(pos.file), pos.line - 1, f"{self.suite.doc}::{self.case.name}"
