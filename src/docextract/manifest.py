"""The manifest of an output folder: the files docextract wrote there, read back and written out."""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass
from pathlib import Path

from docextract import __version__, filestatus
from docextract.commands.usage import UsageError

MANIFEST = ".docextract-manifest.json"
FORMAT = 1
# The errors a user can act on, in their words.
REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
}


@dataclass(frozen=True)
class Entry:
    """A file docextract wrote: the command that wrote it and the sha256 of the bytes written, and the
    file's status once it settled holding them (None until then)."""

    command: str
    sha256: str
    status: tuple[int, ...] | None = None


def reason(err: OSError) -> str:
    return REASONS.get(err.errno or 0, err.strerror or str(err))


def is_inside(relative: str) -> bool:
    """A normalised relative POSIX path that stays inside the folder: no empty, `.` or `..` part (so
    no leading, trailing or doubled slash)."""
    return all(part not in ("", ".", "..") for part in relative.split("/"))


def load(path: Path) -> dict[str, Entry]:
    """The manifest's entries ({} without one); UsageError for one docextract cannot trust."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise UsageError(f"cannot read {path}: {reason(err)}") from None
    except ValueError:
        document = None
    try:
        if document["format"] > FORMAT:
            raise UsageError(f"{path} was written by a newer docextract: use that, or another output folder")
        if document["format"] != FORMAT:
            raise TypeError
        entries = {
            relative: Entry(
                str(entry["command"]), str(entry["sha256"]), filestatus.stored_status(entry.get("status"))
            )
            for relative, entry in document["files"].items()
        }
        # A manifest naming a path outside its folder would let stale removal reach anywhere.
        if not all(isinstance(relative, str) and is_inside(relative) for relative in entries):
            raise TypeError
        return entries
    except (KeyError, TypeError, AttributeError):
        raise UsageError(
            f"{path} is not a manifest docextract wrote: remove it (the files there then count as not "
            "docextract's), or choose another output folder"
        ) from None


def render(entries: dict[str, Entry]) -> bytes:
    """The manifest's bytes, its files in order."""
    # A file a line: readable, and each line made by json's C encoder (which indent= turns off).
    files = ",\n  ".join(
        f"{json.dumps(relative)}: {json.dumps(_stored(entries[relative]), sort_keys=True)}"
        for relative in sorted(entries)
    )
    files = f"{{\n  {files}\n }}" if files else "{}"
    written_by = json.dumps(f"docextract {__version__}")
    document = f'{{\n "files": {files},\n "format": {FORMAT},\n "written_by": {written_by}\n}}\n'
    return document.encode()


def _stored(entry: Entry) -> dict:
    stored: dict = {"command": entry.command, "sha256": entry.sha256}
    if entry.status is not None:
        stored["status"] = list(entry.status)
    return stored
