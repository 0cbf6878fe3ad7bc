"""npm packages for tests, installed once into a cache folder and reused by later runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(os.environ.get("DOCEXTRACT_TEST_CACHE", Path.home() / ".cache" / "docextract-tests")) / "npm"


def npm_package(name: str) -> Path | None:
    """The installed package's folder (node_modules/NAME), for NAME or NAME@VERSION; None when npm is not
    on PATH, so that the caller can skip saying why. A failed install raises: it is not a reason to skip."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    package = name.rsplit("@", 1)[0] if name.rfind("@") > 0 else name
    folder = CACHE / re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    installed = folder / "node_modules" / package
    if installed.is_dir():
        return installed
    CACHE.mkdir(parents=True, exist_ok=True)
    # Installed beside the cache entry and renamed into place: a run stopped half-way leaves no half
    # package that a later run would take for a whole one.
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=CACHE))
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund", "--ignore-scripts", name],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm install {name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        try:
            staging.rename(folder)
        except OSError:
            if not installed.is_dir():  # another run may have put it there first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return installed


# The Elasticsearch specification the spec tests read, pinned: the findings they assert were checked
# by hand against this version.
SPEC_PACKAGE = "@elastic/request-converter@9.5.0"


def spec_schema() -> Path:
    """The specification's schema.json (from SPEC_PACKAGE); skips the calling test when npm is missing."""
    import pytest

    package = npm_package(SPEC_PACKAGE)
    if package is None:
        pytest.skip(f"npm is not on PATH: cannot install {SPEC_PACKAGE} for its schema.json")
    return package / "dist" / "schema.json"
