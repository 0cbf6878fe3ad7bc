"""Time as the runner sees it: a monotonic reading and a sleep, injected so that tests need not wait."""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import Protocol

    class Clock(Protocol):
        """What the runner asks of a clock (SystemClock, a test's fake). A protocol for type checkers
        only: every command makes a SystemClock, and loading this module must not load typing."""

        def now(self) -> float:
            """Seconds on a monotonic clock (only differences mean something)."""
            ...

        def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
