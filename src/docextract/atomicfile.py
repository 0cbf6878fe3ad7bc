"""Files written whole: through a temporary file in the same folder and a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and a rename: never half a file at target."""
    temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    # os.open with 0o666 gives the file the mode the umask allows, as a plain write would.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
