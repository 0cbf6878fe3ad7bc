"""What the embedded osmem-server is started with: its Japanese analysis only when the suites need it, and
its Go runtime's settings."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from docextract.suite import Suite

# What in a test needs the server's Japanese analysis (the kuromoji plugin's analyzers, tokenizer and
# filters). Loading its dictionaries is the server's largest cost: about 0.7 s of CPU on the first index
# a server creates, more than replaying the whole shared corpus; a run that names none goes without.
_JAPANESE = re.compile(r"kuromoji|ja_stop|japanese", re.IGNORECASE)


def needs_japanese(suites: Iterable[Suite]) -> bool:
    """Whether a step of the suites (their setups and teardowns included) names Japanese analysis."""
    for suite in suites:
        for case in (suite.setup, suite.teardown, *suite.tests):
            if case is not None and any(_JAPANESE.search(repr(step.data)) for step in case.steps):
                return True
    return False


# The server is written in Go; two of its runtime's settings are chosen for how we use it, unless the user
# set them (the server inherits this process's environment):
# - GOGC, its garbage collector's pace: it collects when its heap has grown by this many percent (Go's
#   default: 100). A replay makes and drops a clone a test; at 200 the server spends about a tenth less CPU
#   on the corpus, for a quarter more memory at its peak (32 → 38 MB; 187 → 236 MB with the Japanese
#   dictionaries).
# - GOMAXPROCS, the threads that run Go code at once (Go's default: one per core). A server of ours
#   answers one test's requests one at a time, so a second thread only hands each request between threads
#   and spins waiting for more. With one, the corpus's replay phase takes about an eighth less time on two
#   cores (0.105 → 0.092 s with one worker, 0.074 → 0.066 s with two), and loading the Japanese
#   dictionaries a third less CPU in the same time.
SERVER_RUNTIME = {"GOGC": "200", "GOMAXPROCS": "1"}


@contextmanager
def go_runtime() -> Iterator[None]:
    """SERVER_RUNTIME for the server process started inside, but what the user set."""
    chosen = {name: value for name, value in SERVER_RUNTIME.items() if name not in os.environ}
    os.environ.update(chosen)
    try:
        yield
    finally:
        for name in chosen:
            os.environ.pop(name, None)
