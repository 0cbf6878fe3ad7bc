"""The page cache's run key, from what shapes a run's output besides its pages: docextract's code, the
libraries that parse and write pages, Python; and the file of the requests built for named API steps."""

from __future__ import annotations

import os
import sys
from functools import cache

from docextract import __version__
from docextract.cachefolder import blake2b


@cache
def code_hash() -> str:
    """A hash of where docextract's source files and grammars are and of their status (size, times,
    inode): a changed docextract reads no old entry. Their status, not their bytes: a file cannot be
    written without its change time moving, which no program sets back, and stat is cheaper than
    reading every source file at each start."""
    import docextract
    import docextract.grammars

    hashed = blake2b(__version__.encode(), digest_size=16)
    for top in (os.path.dirname(docextract.__file__), os.path.dirname(docextract.grammars.__file__)):
        hashed.update(top.encode() + b"\0")
        for folder, folders, files in os.walk(top):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".lark")):
                    path = os.path.join(folder, name)
                    found = os.stat(path)
                    status = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
                    hashed.update(f"{path[len(top) + 1 :]}\0{status}\0".encode())  # from top
    return hashed.hexdigest()


def libraries(names: tuple[str, ...] = ("lark", "yaml")) -> str:
    """Python's version, and where the libraries are installed (by default those that parse and write
    pages), with the size and time of their first file: another version of one gives another key.
    (Found, not imported: a run that finds every page in the cache never loads the parsers.)"""
    from importlib.util import find_spec

    found = [sys.version]
    for name in names:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        found.append(f"{name} {origin} {stat and stat.st_size} {stat and stat.st_mtime_ns}")
    return " | ".join(found)


def requests_file() -> str | None:
    """The file that keeps the requests of named API steps (runner/builtcache.py), under a key of
    docextract's code and the official client's version; None when caching is off."""
    from docextract.cachefolder import cache_file

    client = libraries(("elasticsearch", "elastic_transport"))
    found = cache_file("requests", f"{code_hash()}|{client}", ".pickle")
    return str(found) if found is not None else None
