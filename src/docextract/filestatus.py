"""A file's status (size, times, inode, device), and when an unchanged status proves a file unwritten.

Every write to a file sets its change time (st_ctime) to the clock's now, and no program can set the
change time back (the modification time it can, with utime). So a file whose status is still the one
taken when its change time already lay SETTLED_NS in the past has not been written since: it holds the
bytes it held then, without reading them. A status taken sooner after a write proves nothing (a second
write in the same clock tick would leave the change time as it was), so none is kept for such a file;
the next run reads it, and keeps its status then.
"""

from __future__ import annotations

import os

SETTLED_NS = 2_000_000_000  # a change time this far in the past can no longer be shared by a new write

Status = tuple[int, int, int, int, int]


def status_of(found: os.stat_result) -> Status:
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev


def status(name: str) -> Status | None:
    """The file's status now; None when it cannot be had (no file, no permission)."""
    try:
        return status_of(os.stat(name))
    except OSError:
        return None


def settled_status(found: os.stat_result, now_ns: int) -> Status | None:
    """The status to keep for a file seen at now_ns: None if its last change is too recent to prove
    anything later."""
    return status_of(found) if found.st_ctime_ns < now_ns - SETTLED_NS else None


def stored_status(stored: object) -> Status | None:
    """A status read back from a file docextract wrote (five integers), else None."""
    if isinstance(stored, list | tuple) and len(stored) == 5 and all(type(n) is int for n in stored):
        return tuple(stored)  # type: ignore[return-value]
    return None
