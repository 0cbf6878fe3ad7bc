"""Output folders that docextract owns file by file, through a manifest of what it wrote there.

A command that writes files (`convert -o`, `tests -o`) opens its folder with the paths it may write,
before any work: the folder is created or found writable, and every planned path that already exists
must be provably docextract's: listed in the folder's manifest and still holding, byte for byte, what
docextract wrote (a file the user edited is theirs). Anything else is a conflict, a usage error. Files
are written atomically (a temporary file, then a rename), the manifest is saved whatever happens, and
the files an earlier run of the same command wrote and this one did not are removed at the end of a
complete run, when they are unchanged. No file is written or removed through a symbolic link below the
folder: a link may lead anywhere, so what lies behind it is not provably docextract's.

Proving a file unchanged does not always take reading it: the manifest also keeps the file's status
once it settled, and a file with the same status now is unchanged (filestatus says why).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from docextract import filestatus, manifest, signals
from docextract.atomicfile import probe_folder, write_atomic
from docextract.commands.usage import UsageError
from docextract.manifest import MANIFEST, Entry

# Conflicts named in the error; the rest are counted.
SHOWN = 3


class OutputFolder:
    """A folder a command writes into; use it as a context manager, so that the manifest is saved."""

    def __init__(
        self,
        root: Path,
        command: str,
        planned: set[str],
        entries: dict[str, Entry],
        ours: dict[str, str],
        saved: dict[str, Entry] | None = None,
    ):
        self.root, self.command, self._planned = root, command, planned
        self._entries = entries  # the manifest: every file docextract knows it wrote here
        self._ours = ours  # planned paths that exist and are docextract's: their sha256
        self._written: set[str] = set()
        self._kept: set[str] = set()  # not written by this run, and not stale either (keep)
        # What the manifest on disk says: not written again while it holds.
        self._saved = dict(entries) if saved is None else saved

    @classmethod
    def open(cls, root: Path, command: str, planned: Iterable[str]) -> OutputFolder:
        """The folder, checked for the planned paths (POSIX, relative to it); UsageError if it cannot be."""
        planned = set(planned)
        for relative in sorted(planned):
            if not manifest.is_inside(relative) or relative == MANIFEST:
                raise UsageError(
                    f"{relative!r} is not a file docextract may write in the output folder {root}"
                )
        _prepare(root)
        entries = manifest.load(root / MANIFEST)
        saved = dict(entries)
        ours: dict[str, str] = {}
        conflicts: list[str] = []
        folders: dict[str, str | None] = {}
        top = os.fspath(root)
        for relative in sorted(planned):
            problem = _folder_problem(top, relative, folders)
            if problem is None:
                problem, proven = _claim(os.path.join(top, relative), entries.get(relative))
                if proven is not None:
                    ours[relative] = proven.sha256
                    entries[relative] = proven
            if problem is not None:
                conflicts.append(f"{relative} ({problem})")
        if conflicts:
            more = f" and {len(conflicts) - SHOWN} more" if len(conflicts) > SHOWN else ""
            count = f"{len(conflicts)} file{'s' if len(conflicts) > 1 else ''}"
            raise UsageError(
                f"cannot write in the output folder {root}: {count} in the way that docextract cannot prove "
                f"it wrote: {', '.join(conflicts[:SHOWN])}{more}; remove or move them, or choose another "
                f"output folder (files from a docextract older than {MANIFEST} count as not its own)"
            )
        return cls(root, command, planned, entries, ours, saved)

    def write(self, relative: str, text: str, sha256: str | None = None) -> None:
        """Write one planned file, atomically; an OSError names the file, not its temporary twin. sha256:
        the text's, if the caller has it (a worker process hashed it, or the page cache kept it)."""
        if relative not in self._planned:
            raise RuntimeError(f"{relative} was not checked before the run")
        data = text.encode("utf-8")
        digest = sha256 or sha256_of(data)
        # A signal waits for the file and its entry: no file of the run is written but not recorded.
        with signals.shielded():
            # The same bytes are already there: left alone, so that its time stamp tells what changed.
            if self._ours.get(relative) != digest:
                target = self.root / relative
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, data)
                except OSError as err:
                    raise OSError(err.errno, err.strerror or str(err), str(target)) from err
                status = None  # written just now: its status is kept once it settles
            else:
                status = self._entries[relative].status
            self._ours[relative] = digest
            self._written.add(relative)
            self._entries[relative] = Entry(self.command, digest, status)

    def keep(self, relatives: Iterable[str]) -> None:
        """Files this run does not write but whose pages are still there (pages left unwritten for an
        error the run reports): not stale, so an earlier run's copy stays."""
        self._kept.update(relatives)

    def remove_stale(self) -> int:
        """At the end of a complete run: remove the unchanged files an earlier run of this command wrote
        and this one did not; how many were removed."""
        removed = 0
        for relative, entry in sorted(self._entries.items()):
            if entry.command != self.command or relative in self._written or relative in self._kept:
                continue
            path = self.root / relative
            if _linked_folder(os.fspath(self.root), relative) is not None:
                continue  # a link in the way may lead out of the folder: its file is not provably ours
            problem, proven = _claim(path, entry)
            if proven is not None:
                path.unlink()
                removed += 1
            # An edited file stays listed, so that a later conflict on it says it was edited.
            if problem is None:
                del self._entries[relative]
        return removed

    def save(self) -> None:
        if self._entries == self._saved:
            return  # a run that changed nothing leaves the manifest as it was
        write_atomic(self.root / MANIFEST, manifest.render(self._entries))
        self._saved = dict(self._entries)

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, kind, error, trace) -> None:
        # Saved even when the run stops half-way, so that what it wrote stays provably docextract's;
        # a signal meanwhile waits, or the manifest would be lost with the run.
        with signals.shielded():
            try:
                self.save()
            except OSError:
                # After a failed run the disk that failed it likely fails this too: the run's error is
                # the one to report. The old manifest stands; files it does not list count as not
                # docextract's, which is the safe side.
                if error is None:
                    raise


def _prepare(root: Path) -> None:
    """Create the folder if missing and make sure files can be created in it, or say why not."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"the output folder {root} is a file, not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in root.parents if p.exists() and not p.is_dir()), root)
        raise UsageError(f"cannot create the output folder {root}: {blocker} is a file") from None
    except OSError as err:
        raise UsageError(f"cannot create the output folder {root}: {manifest.reason(err)}") from None
    try:
        probe_folder(root)
    except OSError as err:
        raise UsageError(f"cannot write in the output folder {root}: {manifest.reason(err)}") from None


def _folder_problem(root: str, relative: str, seen: dict[str, str | None]) -> str | None:
    """What stands in the way of the folders above a planned file, if anything (answers cached)."""
    parts = relative.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        parent = "/".join(parts[:depth])
        if parent not in seen:
            folder = os.path.join(root, parent)
            if os.path.islink(folder):
                seen[parent] = f"{parent} is a symbolic link, which docextract does not write through"
            elif not os.path.exists(folder):
                seen[parent] = None
            elif not os.path.isdir(folder):
                seen[parent] = f"{parent} is a file where a folder goes"
            elif not os.access(folder, os.W_OK | os.X_OK):
                seen[parent] = f"no permission to write in {parent}"
            else:
                seen[parent] = None
        if seen[parent] is not None:
            return seen[parent]
    return None


def _linked_folder(root: str, relative: str) -> str | None:
    """The first folder above the file, below the root, that is a symbolic link (None if none is)."""
    parts = relative.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        parent = "/".join(parts[:depth])
        if os.path.islink(os.path.join(root, parent)):
            return parent
    return None


def _claim(path: str | Path, entry: Entry | None) -> tuple[str | None, Entry | None]:
    """(what makes the existing file not docextract's, or None; its entry when it is docextract's, with
    its status once settled). (None, None): nothing there."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None, None
    if not stat.S_ISREG(found.st_mode):
        return ("a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"), None
    if entry is None:
        return "not written by docextract", None
    if entry.status == filestatus.status_of(found):
        return None, entry  # not written since its bytes were proven to be the entry's
    try:
        digest = _file_sha256(path)
    except OSError as err:
        return f"cannot be read: {manifest.reason(err)}", None
    if digest != entry.sha256:
        return "changed since docextract wrote it", None
    return None, Entry(entry.command, entry.sha256, filestatus.settled_status(found, time.time_ns()))


def _file_sha256(path: str | Path) -> str:
    with open(path, "rb") as file:
        return sha256_of(file.read())


def sha256_of(data: bytes) -> str:
    import hashlib  # here: it loads OpenSSL (~2 ms), which a run from the page cache never needs

    return hashlib.sha256(data).hexdigest()
