"""What the embedded osmem-server is started with: its Japanese analysis only when the suites need it, and
its garbage collector's pace."""

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


# The server's garbage collector (it is written in Go) runs when its heap has grown by this many percent
# (Go's default: 100). A replay makes and drops a clone a test; at 200 the server spends about a tenth less
# CPU on the corpus, for a quarter more memory at its peak (32 → 38 MB; 187 → 236 MB with the Japanese
# dictionaries). A GOGC the user set is left alone.
SERVER_GOGC = "200"


@contextmanager
def go_collector_pace() -> Iterator[None]:
    """GOGC for the server process started inside (it inherits this process's environment)."""
    if "GOGC" in os.environ:
        yield
        return
    os.environ["GOGC"] = SERVER_GOGC
    try:
        yield
    finally:
        os.environ.pop("GOGC", None)
