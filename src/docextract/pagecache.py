"""What converting or validating a page gave, kept in the user's cache folder and given again while
nothing it was read from has changed.

An entry is found by the page's path under a run key: docextract's own code (every source file and
grammar), the versions of the libraries that shape the output, the settings, and what the command
makes (its format, its checks). It holds a hash of the page's bytes and of every file the page
included, and is used only while each still matches. So an edited page, or an edited include, is
read again; so is every page of the run when docextract itself changes. A file whose status is the
one it had settled with when the entry was kept is not read to be compared (filestatus says why).

An include whose file is missing counts too: the entry holds while the file is still missing. Not
noticed: a file appearing where an optional include (`opts=optional`) looked for it.

Not kept, and so read every time: a page that includes a file outside the docs root; a page whose
files have a flaw reported once a run (binary, not UTF-8, too long) or that changed while the run
read them; a page docextract failed on.

Entries are pickled: they live in the private folder cachefolder vouches for, each written whole
(a temporary file renamed). One folder per run key; the KEEP folders used last are kept, older ones
removed. DOCEXTRACT_NO_CACHE=1, or --no-cache, turns the cache off.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

from docextract import __version__, filestatus
from docextract.cachefolder import blake2b, cache_file, hash_of, keep
from docextract.diagnostics import Diagnostic
from docextract.settings import Settings

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import Any

FORMAT = 2  # of an entry; a change gives another run key
KEEP = 8  # run folders kept: settings and code versions used lately
ABSENT = "absent"  # the "hash" of a file that is not there
# The front ends' title for an include whose file is missing, followed by the file (docs-root relative).
_NOT_FOUND = "include file not found: "


class PageCache:
    """The entries of one run key: get before reading a page, put after."""

    def __init__(self, folder: Path, docs_root: Path) -> None:
        self.folder = folder
        self._folder = os.fspath(folder)
        self.root = docs_root.resolve()
        self.started = time.time_ns()
        # file → (hash of its bytes or None if unreadable, whether it is sound; None: not checked yet)
        self._hashes: dict[str, tuple[str | None, bool | None]] = {}

    @classmethod
    def open(cls, settings: Settings, kind: str, extra: str = "") -> PageCache | None:
        """The cache of this run's key, or None when caching is off or the folder is not private."""
        # Every setting, whatever settings.py adds later: a new one cannot be left out of the key.
        settings_key = repr(replace(settings, docs_root=settings.docs_root.resolve()))
        key = "|".join((str(FORMAT), code_hash(), _libraries(), kind, extra, settings_key))
        folder = cache_file("pages", key, "")
        if folder is None:
            return None
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            os.utime(folder)  # used last now: the cleanup keeps it
        except OSError:
            return None
        _clean(folder.parent)
        return cls(folder, settings.docs_root)

    def get(self, path: Path) -> Any:
        """What put kept for the page, if the page and every file it included are as they were."""
        name = os.path.abspath(path)
        try:
            with open(self._entry(name), "rb") as file:
                format, inputs, value = pickle.load(file)
        except Exception:  # no entry, or one from an older docextract that cannot be read back
            return None
        if format != FORMAT or inputs[0][0] != name:
            return None
        for file, digest, status in inputs:  # the page first
            # The status it settled with: not written since (filestatus); else its bytes tell.
            unwritten = status is not None and filestatus.status(file) == status
            if not unwritten and self._hash(file, sound=False) != digest:
                return None
        return value

    def put(self, path: Path, includes: Iterable[str], diagnostics: Iterable[Diagnostic], value) -> None:
        """Keep value for the page (a dataclass with the page's `path`, kept without it); includes: the
        files it took in, as the page names them."""
        missing = []  # files an include did not find: the entry holds while none of them appears
        for diagnostic in diagnostics:
            if diagnostic.code == "include-not-found":
                before, found, name = diagnostic.title.partition(_NOT_FOUND)
                if before or not found:
                    return
                missing.append(name)
        names = [os.path.abspath(path)]
        inside = str(self.root) + os.sep
        for include in [*includes, *missing]:
            full = os.path.realpath(os.path.join(self.root, include))
            if not full.startswith(inside):
                return
            names.append(full)
        side = _side_inputs(path)
        if side is None:
            return
        names += side
        inputs = []
        for name in names:
            digest = self._hash(name)
            settled, status = self._settled(name)
            if digest is None or not settled:
                return
            inputs.append((name, digest, status))
        # Kept without its path, which kept_or_made gives back as this run names the page.
        kept = replace(value, path=None)
        self._write(self._entry(names[0]), (FORMAT, tuple(inputs), kept))

    def digest(self, path: Path) -> str | None:
        """The hash of the page's bytes (None: it cannot be trusted), for a key of what a run makes of
        many pages (validate's test generation)."""
        return self._hash(os.path.abspath(path))

    def recall(self, name: str, key: str) -> Any:
        """What keep kept as name, if it was kept under the same key; else None."""
        try:
            with open(self._entry(f"run: {name}"), "rb") as file:
                kept_key, value = pickle.load(file)
        except Exception:
            return None
        return value if kept_key == key else None

    def keep(self, name: str, key: str, value, paths: Iterable[Path]) -> None:
        """Keep value as name (replacing what was kept as name before) under the key, unless one of
        these pages changed just before or during the run."""
        if all(self._settled(os.path.abspath(path))[0] for path in paths):
            self._write(self._entry(f"run: {name}"), (key, value))

    def _write(self, entry: str, value) -> None:
        keep(entry, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def _entry(self, page: str) -> str:
        """The entry file of the page at this absolute path."""
        name = hash_of(page.encode())
        return f"{self._folder}/{name}.pickle"

    def _hash(self, name: str, sound: bool = True) -> str | None:
        """The hash of the file's bytes, once a run; ABSENT for no file; None when it cannot be read or,
        if sound is asked, has a flaw the front ends report once a run (which a page read from the cache
        would not report). Looking an entry up needs no soundness: an entry holds only sound files'
        hashes, so a flawed file's never matches."""
        known = self._hashes.get(name)
        if known is None or (sound and known[1] is None):
            try:
                with open(name, "rb") as file:
                    data = file.read(_max_page_bytes() + 1)
            except FileNotFoundError:
                known = (ABSENT, True)
            except OSError:
                known = (None, False)
            else:
                known = (hash_of(data), _sound(data) if sound else None)
            self._hashes[name] = known
        digest, flawless = known
        return None if sound and not flawless else digest

    def _settled(self, name: str) -> tuple[bool, filestatus.Status | None]:
        """(whether the file was last modified well before the run, so not while the run read it; its
        status, if settled)."""
        try:
            found = os.stat(name)
        except FileNotFoundError:
            return True, None  # a file that is not there (and must still not be there)
        except OSError:
            return False, None
        settled = found.st_mtime_ns < self.started - filestatus.SETTLED_NS
        return settled, filestatus.settled_status(found, self.started)


def kept_or_made(
    cache: PageCache | None, paths: list[Path], make: Callable[[list[Path]], Iterator]
) -> Iterator:
    """Each page's value, in order: from the cache, or made by make (given the pages not in the cache,
    it yields their values in order). A value is a dataclass with the page's `path`, given back as
    this run names the page."""
    kept = {}
    if cache is not None:
        kept = {path: value for path in paths if (value := cache.get(path)) is not None}
    missing = [path for path in paths if path not in kept]
    made = make(missing) if missing else iter(())
    for path in paths:
        yield replace(kept[path], path=path) if path in kept else next(made)


def _sound(data: bytes) -> bool:
    """No flaw a front end reports once a run: too large, binary, not UTF-8, a line too long (a byte
    count, so a line of many multi-byte characters counts as too long: it is only not cached)."""
    from docextract.syntax.textlines import BINARY_SNIFF, MAX_LINE

    if len(data) > _max_page_bytes() or data.find(b"\x00", 0, BINARY_SNIFF) != -1:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(data) <= MAX_LINE or max(map(len, data.splitlines())) <= MAX_LINE


def _max_page_bytes() -> int:
    """The largest file the front ends read (loaded when a file is read: a run whose files are all
    known by their status reads none)."""
    from docextract.syntax.pagefile import MAX_PAGE_BYTES

    return MAX_PAGE_BYTES


def _side_inputs(path: Path) -> list[str] | None:
    """Files a page is read with that it does not include: a Markdown page's docset file (its
    substitutions). A docset file with a problem is reported once a run: None, such a page is not kept."""
    from docextract import markdown

    if path.suffix not in markdown.SUFFIXES:
        return []
    from docextract.diagnostics import Diagnostics
    from docextract.markdown.substitutions import Docsets, find_docset

    docset = find_docset(path.parent)
    if docset is None:
        return []
    problems = Diagnostics()
    Docsets().for_page(path, str, problems)
    return None if problems.items else [str(docset.resolve())]


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


def _libraries() -> str:
    """Python's version, and where the libraries that parse and write pages are installed, with the
    size and time of their first file: another version of either gives another key. (Found, not
    imported: a run that finds every page in the cache never loads the parsers.)"""
    from importlib.util import find_spec

    found = [sys.version]
    for name in ("lark", "yaml"):
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        found.append(f"{name} {origin} {stat and stat.st_size} {stat and stat.st_mtime_ns}")
    return " | ".join(found)


def _clean(base: Path) -> None:
    """Remove the run folders used least lately, past the KEEP newest."""
    try:
        folders = sorted(base.glob("pages-*"), key=lambda f: f.stat().st_mtime, reverse=True)
    except OSError:
        return
    if len(folders) > KEEP:
        import shutil  # seldom needed, and slow to load

        for old in folders[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
