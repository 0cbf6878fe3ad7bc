"""The cluster of a pytest process: --docextract-cluster (the N-th URL on pytest-xdist's worker gwN), else
an embedded osmem-server of its own; started at the first test that needs it, stopped at the end."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterable

import pytest

from docextract.commands import cluster_args
from docextract.commands.common import UsageError
from docextract.environment import Environment
from docextract.runner.clusters import (
    ClusterRefused,
    ClusterUnavailable,
    EmbeddedCluster,
    ExternalCluster,
)
from docextract.runner.osmem import needs_japanese
from docextract.runner.transport import Target
from docextract.suite import Suite

# Set by pytest-xdist in each of its workers: gw0, gw1, …
_WORKER = re.compile(r"gw(\d+)")
# The comma between two URLs of --docextract-cluster: one that a scheme follows.
_NEXT_URL = re.compile(r",(?=\s*[A-Za-z][A-Za-z0-9+.-]*://)")


class ClusterError(Exception):
    """The cluster cannot be used (unreachable, refused): every test of the process fails with this."""


def targets(config: pytest.Config, env: Environment) -> list[Target]:
    """The clusters given (--docextract-cluster, else $ELASTICSEARCH_URL), with their credentials, checked
    as `docextract run` checks --cluster; none for the embedded one."""
    found = []
    try:
        for url in listed(config.getoption("docextract_cluster") or "") or [""]:
            args = argparse.Namespace(
                cluster=url or None,
                user=config.getoption("docextract_user"),
                password_env=config.getoption("docextract_password_env"),
                api_key=config.getoption("docextract_api_key"),
                bearer=config.getoption("docextract_bearer"),
                ca_certs=config.getoption("docextract_ca_certs"),
                insecure=config.getoption("docextract_insecure"),
                wipe=config.getoption("docextract_wipe"),
                timeout=config.getoption("docextract_timeout"),
                retries=config.getoption("docextract_retries"),
            )
            target = cluster_args.target(args, env, prefix="docextract-")
            if target.url:
                found.append(target)
    except UsageError as err:
        raise pytest.UsageError(f"docextract: {err}") from None
    return found


def listed(given: str) -> list[str]:
    """The URLs of --docextract-cluster URL1,URL2: cut only at a comma that a scheme follows, since a
    password may hold a comma (and a piece of one must never reach a message); a UsageError for a URL of
    the list written without its scheme, which would otherwise read as the previous URL's port."""
    urls = [url.strip(", \t\n") for url in _NEXT_URL.split(given) if url.strip(", \t\n")]
    for url in urls:
        netloc = re.match(r"[^/?#]*", url.split("://", 1)[-1]).group()
        if "," in netloc.rpartition("@")[2]:
            # Not shown: without an @, the text around the comma may be a password.
            raise UsageError(
                "--docextract-cluster: a URL's host holds a comma; write each URL of the list whole, with "
                "http:// or https:// (http://es1:9200,http://es2:9200)"
            )
    return urls


def worker_number() -> int:
    """This process's number among pytest-xdist's workers (0 without xdist)."""
    match = _WORKER.fullmatch(os.environ.get("PYTEST_XDIST_WORKER", ""))
    return int(match.group(1)) if match else 0


class Clusters:
    """The one cluster of this process, started on first use."""

    def __init__(self, config: pytest.Config, env: Environment):
        self.env = env
        self.targets = targets(config, env)
        self.wipe = config.getoption("docextract_wipe")
        self.timeout = config.getoption("docextract_timeout")
        self._cluster: EmbeddedCluster | ExternalCluster | None = None
        self._failed: str | None = None

    @property
    def target(self) -> Target | None:
        """The cluster this process uses: the N-th of those given on worker gwN (modulo their number)."""
        return self.targets[worker_number() % len(self.targets)] if self.targets else None

    def describe(self) -> str:
        if not self.targets:
            return "an embedded osmem-server per process, a fresh clone for each test"
        urls = ", ".join(target.url for target in self.targets)
        return f"{urls} (worker gwN on the N-th)" if len(self.targets) > 1 else urls

    def get(self, suites: Callable[[], Iterable[Suite]]):
        """The started cluster; ClusterError (the same for every later test) when it cannot be used.
        suites gives those of the process's tests: whether an embedded cluster needs Japanese analysis."""
        if self._failed is not None:
            raise ClusterError(self._failed)
        if self._cluster is None:
            from docextract import runkey
            from docextract.runner import apis

            apis.keep_requests_in(runkey.requests_file())  # as `docextract run` does: see builtcache
            target = self.target
            if target is None:
                cluster = EmbeddedCluster(self.env.connect, self.timeout, needs_japanese(suites()))
            else:
                cluster = ExternalCluster(target, self.env.connect, self.wipe)
            try:
                cluster.start()
            except ClusterUnavailable as err:
                self._failed = f"the cluster is unreachable: {err}"
            except ClusterRefused as err:
                self._failed = f"refusing to run: {str(err).replace('--wipe', '--docextract-wipe')}"
            if self._failed is not None:
                cluster.close()
                raise ClusterError(self._failed)
            self._cluster = cluster
        return self._cluster

    def close(self) -> None:
        from docextract.runner import apis

        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        apis.keep_requests_in(None)  # for this session only (set by get, even when the cluster failed)
