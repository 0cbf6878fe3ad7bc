"""The user's private cache folder: where analysed parsers and indexed specifications are kept."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from docextract.atomicfile import write_atomic

try:  # hashlib's own BLAKE2, built into CPython: importing hashlib loads OpenSSL too (~2 ms a start)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b


def hash_of(data: bytes) -> str:
    """A 128-bit BLAKE2b of the bytes, in hex: a cache's key or the hash of a file it read."""
    return blake2b(data, digest_size=16).hexdigest()


def cache_file(name: str, key: str, suffix: str) -> Path | None:
    """A file in the per-user cache folder for what key identifies; None when caching is off
    (DOCEXTRACT_NO_CACHE=1) or the folder is not private. What is cached there is unpickled, so the
    folder must be the user's own and writable by nobody else."""
    if os.environ.get("DOCEXTRACT_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docextract"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        if base.stat().st_uid != os.getuid() or base.stat().st_mode & 0o022:
            return None
    except OSError:
        return None
    return base / f"{name}-{hash_of(key.encode())[:16]}{suffix}"


# Files of one kind kept, the newest: a kind's key changes with docextract's code (each install, each
# upgrade) and with what the file was made from, so a CI runner that installs docextract afresh for each
# run would otherwise gather a file of each kind a run, for ever. Eight serve a user who goes between
# several installs of docextract.
KEEP = 8

# What cache_file names a file: its kind's name, the key's 16 hex digits, its suffix.
_NAMED = re.compile(r"(.+?)-[0-9a-f]{16}(.*)")


def keep(path: Path | str, data: bytes) -> None:
    """Write a file of the cache folder whole and private; a failure (a full disk, a folder another
    run's cleanup removed) leaves no file, and no harm: the next run makes it again. A file new to the
    folder prunes its kind."""
    new = not os.path.exists(path)
    with contextlib.suppress(OSError):
        write_atomic(path, data, mode=0o600)
        if new:
            prune(Path(path))


def prune(path: Path, newest: int = KEEP) -> None:
    """Remove the files (or folders: the page cache's) of path's kind, its name and suffix as cache_file
    gave them, written (or used: a folder's time is set when it is opened) least lately, past the newest
    `newest`. Nothing else in the folder is touched: another kind, anything not named as cache_file
    names them."""
    kind = _NAMED.fullmatch(path.name)
    if kind is None:
        return
    found = []
    try:
        with os.scandir(path.parent) as entries:
            for entry in entries:
                named = _NAMED.fullmatch(entry.name)
                if named and named.groups() == kind.groups() and not entry.is_symlink():
                    found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name, entry.is_dir()))
    except OSError:
        return
    for _, name, folder in sorted(found, reverse=True)[newest:]:
        if folder:
            import shutil  # seldom needed, and slow to load

            shutil.rmtree(path.parent / name, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)
