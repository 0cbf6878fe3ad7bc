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
(a temporary file renamed). One folder per run key; the cachefolder.KEEP folders used last are kept,
older ones removed. A run that did not find one of its pages in the pack (one file holding every entry
of the pages of the key's runs, looked in first) writes it again, its pages' entries checked: the next
run of the same pages reads one file, not one a page. DOCEXTRACT_NO_CACHE=1, or --no-cache, turns the
cache off.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from docextract import filestatus
from docextract.cachefolder import cache_file, hash_of, keep, prune
from docextract.diagnostics import Diagnostic
from docextract.runkey import code_hash, libraries
from docextract.settings import Settings
from docextract.syntax.unreadable import open_regular

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from typing import Any

FORMAT = 2  # of an entry; a change gives another run key
PACK = "pages.pack"  # every page's entry in one file (the first to be read)
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
        self._pack: dict[str, tuple[tuple, Any]] | None = None
        self._in_pack: set[str] = set()  # pages this run took from the pack

    @classmethod
    def open(cls, settings: Settings, kind: str, extra: str = "") -> PageCache | None:
        """The cache of this run's key, or None when caching is off or the folder is not private."""
        # Every setting, whatever settings.py adds later: a new one cannot be left out of the key.
        settings_key = repr(replace(settings, docs_root=settings.docs_root.resolve()))
        key = "|".join((str(FORMAT), code_hash(), libraries(), kind, extra, settings_key))
        folder = cache_file("pages", key, "")
        if folder is None:
            return None
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            os.utime(folder)  # used last now: the cleanup keeps it
        except OSError:
            return None
        prune(folder)  # the folders used least lately, past cachefolder.KEEP
        return cls(folder, settings.docs_root)

    def get(self, path: Path) -> Any:
        """What put kept for the page, if the page and every file it included are as they were."""
        name = os.path.abspath(path)
        packed = self._packed().get(name)
        if packed is not None and self._holds(packed[0]):
            self._in_pack.add(name)
            return packed[1]
        entry = self._entry_of(name)
        return entry[1] if entry is not None and self._holds(entry[0]) else None

    def pack(self, paths: Iterable[Path]) -> None:
        """Keep these pages' entries in the pack, with the pack's others, when one of them was not in it:
        the next run reads one file instead of one a page."""
        names = [os.path.abspath(path) for path in paths]
        if self.packed(names):
            return
        pack = dict(self._packed())
        for name in names:
            if name not in self._in_pack:
                entry = self._entry_of(name)  # kept by put during this run, or by an earlier one
                if entry is not None and self._holds(entry[0]):
                    pack[name] = entry
                else:
                    pack.pop(name, None)
        self._write(f"{self._folder}/{PACK}", (FORMAT, pack))

    def packed(self, names: Iterable[str]) -> bool:
        """Whether this run took every one of these pages (absolute paths) from the pack."""
        return all(name in self._in_pack for name in names)

    def taken_from_pack(self, names: Iterable[str]) -> None:
        """Count these pages as taken from the pack (by other processes of the run): pack need not
        read their entries again."""
        self._in_pack.update(names)

    def _packed(self) -> dict[str, tuple[tuple, Any]]:
        """The pack: page → (inputs, value), read on first use; empty when there is none (or not ours)."""
        if self._pack is None:
            self._pack = {}
            try:
                with open(f"{self._folder}/{PACK}", "rb") as file:
                    format, pack = pickle.load(file)
            except Exception:  # none yet, or one from an older docextract that cannot be read back
                return self._pack
            if format == FORMAT and isinstance(pack, dict):
                self._pack = pack
        return self._pack

    def _entry_of(self, name: str) -> tuple[tuple, Any] | None:
        """The page's own entry file: (inputs, value), not checked yet."""
        try:
            with open(self._entry(name), "rb") as file:
                format, inputs, value = pickle.load(file)
        except Exception:  # no entry, or one from an older docextract that cannot be read back
            return None
        return (inputs, value) if format == FORMAT and inputs[0][0] == name else None

    def _holds(self, inputs: tuple) -> bool:
        """Whether every file an entry was made from is as it was then."""
        for file, digest, status in inputs:  # the page first
            # The status it settled with: not written since (filestatus); else its bytes tell.
            unwritten = status is not None and filestatus.status(file) == status
            if not unwritten and self._hash(file, sound=False) != digest:
                return False
        return True

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
                with open(open_regular(name), "rb") as file:  # a FIFO would never end
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
    cache: PageCache | None, paths: list[Path], make: Callable[[list[Path]], Iterator], pack: bool = True
) -> Iterator:
    """Each page's value, in order: from the cache, or made by make (given the pages not in the cache,
    it yields their values in order). A value is a dataclass with the page's `path`, given back as
    this run names the page. pack: pack the pages' entries at the end (not when the run's other pages
    are read by other processes at the same time: the one that has them all packs them)."""
    kept = {}
    if cache is not None:
        kept = {path: value for path in paths if (value := cache.get(path)) is not None}
    missing = [path for path in paths if path not in kept]
    made = make(missing) if missing else iter(())
    for path in paths:
        yield replace(kept[path], path=path) if path in kept else next(made)
    if cache is not None and pack:  # every page made and kept by now (in this process or a helper)
        cache.pack(paths)


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
