"""Why a file cannot be read as text: what it is (a FIFO, a device, a folder, a symlink loop) or what the
system said, with a hint; shared by pages, includes and the files the options name."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass


@dataclass(frozen=True)
class Unreadable:
    """A file that is not read: why (a phrase after the file's name: "is a FIFO"), and what to do."""

    why: str
    hint: str
    missing: bool = False  # there is no such file (nor a link by that name)


_KINDS = (
    (stat.S_ISDIR, "a folder", "name a file, not a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)", "a FIFO would be read for ever; name a regular file"),
    (stat.S_ISCHR, "a character device", "a device is no text file; name a regular file"),
    (stat.S_ISBLK, "a block device", "a device is no text file; name a regular file"),
    (stat.S_ISSOCK, "a socket", "a socket is no text file; name a regular file"),
)


def of_mode(mode: int) -> Unreadable | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, kind, hint in _KINDS:
        if test(mode):
            return Unreadable(f"is {kind}, not a regular file", hint)
    return Unreadable("is not a regular file", "name a regular file")


def of_error(err: OSError, path: str | os.PathLike) -> Unreadable:
    """Why the system could not open or read the file, in words a writer can act on."""
    if err.errno == errno.ELOOP:
        return Unreadable("is a symlink loop", "fix the link: following it leads back to itself")
    if isinstance(err, FileNotFoundError):
        if os.path.islink(path):
            target = os.readlink(path)
            return Unreadable(
                f"is a symlink to a file that does not exist ({target})", "fix the link or remove it"
            )
        return Unreadable("does not exist", "check the path", missing=True)
    if isinstance(err, PermissionError):
        return Unreadable(
            f"cannot be read: {err.strerror}", "give the user running docextract permission to read it"
        )
    reason = err.strerror or str(err)
    return Unreadable(f"cannot be read: {reason}", "check the file and the disk it is on, then run again")


def check(path: str | os.PathLike) -> Unreadable | None:
    """Why the file would not be read (without opening it), or None when it is a regular file."""
    try:
        return of_mode(os.stat(path).st_mode)
    except OSError as err:
        return of_error(err, path)
    except ValueError:  # a NUL in the name
        return Unreadable("is not a valid file name", "check the path")


def open_regular(path: str | os.PathLike) -> int:
    """A descriptor open on the file for reading; OSError (ENODEV) if it is no regular file.

    Never blocks: a FIFO is opened without waiting for a writer, and only read if it is regular."""
    found = check(path)
    if found is not None and not found.missing:
        raise _NotRegular(found)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    found = of_mode(os.fstat(fd).st_mode)  # it may have changed since the stat
    if found is not None:
        os.close(fd)
        raise _NotRegular(found)
    return fd


def read_regular(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file (OSError, which explain says, for anything else: a FIFO is never read)."""
    with open(open_regular(path), "rb") as file:
        return file.read()


class _NotRegular(OSError):
    def __init__(self, found: Unreadable):
        super().__init__(errno.ENODEV, found.why)
        self.found = found


def explain(err: OSError, path: str | os.PathLike) -> Unreadable:
    """of_error, for the errors open_regular raises too."""
    return err.found if isinstance(err, _NotRegular) else of_error(err, path)


def bad_byte(data: bytes, err: UnicodeDecodeError) -> tuple[int, int]:
    """The line and column (in characters, as an editor counts them) of the first byte of data that is
    not UTF-8."""
    start = data.rfind(b"\n", 0, err.start) + 1
    return data.count(b"\n", 0, err.start) + 1, len(data[start : err.start].decode("utf-8", "replace")) + 1
