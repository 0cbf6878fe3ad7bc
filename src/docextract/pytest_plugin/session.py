"""The plugin's hooks once a run asks for the docs, and what they share in a pytest process: the docs
trees by the path given, the cluster, and how reports show files."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docextract import collector
from docextract.environment import Environment
from docextract.pytest_plugin.cluster import Clusters
from docextract.pytest_plugin.docs import DocsTree, deepest, is_page
from docextract.pytest_plugin.items import DocPage, DocTest
from docextract.report.text import View


class DocsSession:
    """Registered as a plugin by pytest_configure when the run asks for the docs."""

    def __init__(self, config: pytest.Config):
        self.env = Environment()
        self.clusters = Clusters(config, self.env)
        self.everywhere = bool(config.getoption("docextract"))  # any page under the paths pytest walks
        self.paths = [path.resolve() for path in config.getini("docextract_paths")]
        given = [config.invocation_params.dir / arg.split("::")[0] for arg in config.args]
        self.named = {path.resolve() for path in given if path.is_file()}
        self.inputs = [*self.paths, *(path.resolve() for path in given if path.exists())]
        self._views: dict[int, View] = {}
        # Read now: a settings file that is wrong stops pytest at once, as a wrong ini file does.
        self._trees = {given: DocsTree(given) for given in dict.fromkeys(self.inputs)}
        self._frozen = False

    # -- hooks -----------------------------------------------------------------------------------------

    def pytest_report_header(self) -> list[str]:
        return [f"docextract: {self.clusters.describe()}"]

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> DocPage | None:
        if not is_page(file_path):
            return None
        # Resolved once: each check needs it, and resolving a path costs a system call a folder (a tenth
        # of collecting a tree the size of Elasticsearch's when each check did it).
        resolved = file_path.resolve()
        if not self._covers(resolved):
            return None
        tree = self.tree(resolved)
        if not tree.wants(resolved, named=resolved in self.named):
            return None
        page = DocPage.from_parent(parent, path=file_path)
        page.docs, page.tree = self, tree
        return page

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        # A test skipped while it ran (unsupported by the target, a runner feature it asks for) is shown at
        # its snippet, as one skipped by its annotation is, not at the line of the plugin that skipped it.
        if isinstance(item, DocTest) and report.skipped and isinstance(report.longrepr, tuple):
            path, line, _ = item.reportinfo()
            report.longrepr = (str(path), line + 1, report.longrepr[2])
        return report

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for tree in self._trees.values():
            tree.pack()
        # What collection made (the pages, their tests, the items) lives until the session ends. Frozen, the
        # garbage collector no longer walks it at each of the many collections that the tests' reports
        # set off, nor at the ones pytest makes as it ends. Only when every test is ours: another
        # project's tests may count on a collection freeing what was made before them. Nor when something
        # else froze the heap first (a host process): thawing ours would thaw theirs.
        ours = session.items and all(isinstance(item, DocTest) for item in session.items)
        if ours and collector.may_freeze():
            gc.freeze()
            self._frozen = True
            collector.freeze_at_exit()  # and the process's last pass skipped, as `docextract` commands do

    def pytest_sessionfinish(self) -> None:
        self.clusters.close()

    def thaw(self) -> None:
        """The collector as it was, for a pytest run inside a longer-lived process (pytest.main): a cleanup
        of the config, run once pytest's own passes at its end are made."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    # -- what the nodes share --------------------------------------------------------------------------

    def _covers(self, resolved: Path) -> bool:
        """Whether to collect the page (resolved): any with --docextract, else those under the
        docextract_paths."""
        return self.everywhere or any(resolved == path or path in resolved.parents for path in self.paths)

    def tree(self, page: Path) -> DocsTree:
        """The docs tree of the page (resolved): that of the path given nearest it."""
        given = deepest(page, self.inputs)
        if given not in self._trees:
            self._trees[given] = DocsTree(given)
        return self._trees[given]

    def view(self, tree: DocsTree) -> View:
        """How failures show files, lines and credentials: as `docextract run` shows them."""
        if id(tree) not in self._views:
            target = self.clusters.target
            self._views[id(tree)] = View(tree.printer.read_line, tree.shown, target and target.auth_shown)
        return self._views[id(tree)]
