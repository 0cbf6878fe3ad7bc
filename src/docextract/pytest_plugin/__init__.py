"""The pytest plugin: the docs' pages as test files, their tests replayed as `docextract run` replays them.

Registered through the `pytest11` entry point, it only adds its options unless a run asks for the docs
(`--docextract`, or the ini option `docextract_paths`): then it registers its hooks (session.py). So
installing docextract never changes another project's test run, and costs it nothing: this module
imports nothing of docextract. Public pytest hooks only.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("docextract", "documentation tests (docextract)")
    group.addoption(
        "--docextract",
        action="store_true",
        help="collect the docs' pages (*.asciidoc) under the paths given as test files, one test per snippet",
    )
    group.addoption(
        "--docextract-cluster",
        metavar="URL[,URL…]",
        help="run on this cluster instead of an embedded one; with several, pytest-xdist's worker gwN "
        "takes the N-th (default: $ELASTICSEARCH_URL)",
    )
    from docextract.commands import options  # light: argparse only

    options.add_reach_options(group.addoption, prefix="docextract-")
    parser.addini(
        "docextract_paths",
        type="paths",
        default=[],
        help="folders (or pages) of docs to collect as tests, with the other settings in [tool.docextract]",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not (config.getoption("docextract") or config.getini("docextract_paths")):
        return
    from docextract.pytest_plugin.session import DocsSession

    session = DocsSession(config)
    config.pluginmanager.register(session, name="docextract_session")
    # Added before pytest's own plugins add theirs (this hook runs before theirs): cleanups run last-added
    # first, so the collections pytest makes as it ends still skip what the session froze.
    config.add_cleanup(session.thaw)
    from docextract.pytest_plugin.termination import Termination

    termination = Termination()
    config.pluginmanager.register(termination, name="docextract_termination")
    config.add_cleanup(termination.restore)
    if config.args_source is pytest.Config.ArgsSource.TESTPATHS:
        # `pytest` alone runs the docs too, beside testpaths; with paths given, only what they name.
        given = [(config.invocation_params.dir / arg).resolve() for arg in config.args]
        for path in config.getini("docextract_paths"):
            if not any(path == arg or arg in path.parents for arg in given):
                config.args.append(str(path))
