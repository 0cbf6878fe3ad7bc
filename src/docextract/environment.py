"""The world a command runs in (streams, environment variables, terminal, clock, HTTP), injected so
that tests run every command in-process, without waiting and without a network."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from docextract.clock import SystemClock

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import TextIO

    from docextract.clock import Clock
    from docextract.runner.transport import Http, HttpFactory, Target, Transport


def _http(target: Target) -> Http:
    """http.client for a plain-HTTP target without proxies (the embedded cluster's clones: most requests of
    a run, at a fraction of requests' CPU each); requests (TLS, proxies, redirects) for every other."""
    if target.url.startswith("http://") and not target.proxies_from_env:
        from docextract.runner.plainhttp import PlainHttp

        return PlainHttp(target)
    from docextract.runner.http import RequestsHttp  # requests loads only when a command sends

    return RequestsHttp(target)


@dataclass
class Environment:
    """The world a command runs in: its streams, its environment variables, its clock."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    clock: Clock = field(default_factory=SystemClock)
    http: HttpFactory = _http  # the HTTP side of every transport to a cluster

    @property
    def stderr_isatty(self) -> bool:
        return hasattr(self.stderr, "isatty") and self.stderr.isatty()

    def connect(self, target: Target) -> Transport:
        """A transport to the target, on this environment's clock and HTTP."""
        from docextract.runner.transport import Transport

        return Transport(target, self.clock, self.http(target))
