"""Files written whole: through a temporary file in the same folder and a rename; and whether one can be."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(target: Path | str, data: bytes, mode: int = 0o666) -> None:
    """Write through a temporary file in the same folder and a rename: never half a file at target.
    The default mode gives the file what the umask allows, as a plain write would."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def probe_folder(folder: Path | str) -> None:
    """Create and remove a file in the folder: an OSError says why files cannot be written there. Asked of
    the file system itself, as permissions, ACLs, immutable folders and read-only mounts all answer here."""
    probe = os.path.join(folder, f".docextract-probe-{os.urandom(6).hex()}")
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.unlink(probe)
