"""A Python environment that holds docextract's runtime dependencies and nothing else, for benchmarks.

A development environment has more: the dev extras (pytest, hypothesis, interegular…) and the editable
install's import hook. Some of that changes what a run does — Lark imports interegular whenever it can
(to check terminal collisions in strict mode, which docextract's runs never ask for) — so a benchmark run
there measures work an installed docextract does not do. This builds, in a scratch folder, a venv whose
site-packages links to the runtime dependencies (found from docextract's metadata, the dev extra left
out, transitively) of the environment running the benchmark; nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement


def runtime_python(scratch: Path) -> Path:
    """The python of a new venv in scratch with only docextract's runtime dependencies importable (put
    the package under test on its PYTHONPATH)."""
    venv = scratch / "runtime-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    for distribution in _runtime_distributions("docextract"):
        for top in _top_level(distribution):
            link = site / top.name
            if not link.exists():
                os.symlink(top, link)
    return python


def console_script(python: Path, entry_point: str) -> Path:
    """The `docextract` command in python's venv, the script pip writes for an entry point
    ("module:function"): what a user runs, without `python -m`'s runpy."""
    module, function = entry_point.split(":")
    script = python.parent / "docextract"
    script.write_text(
        f"#!{python}\n"
        "import re\n"
        "import sys\n"
        f"from {module} import {function}\n"
        "if __name__ == '__main__':\n"
        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
        f"    sys.exit({function}())\n"
    )
    script.chmod(0o755)
    return script


def _runtime_distributions(name: str) -> list[metadata.Distribution]:
    """The distributions docextract needs at run time, its own excluded, each once."""
    found: dict[str, metadata.Distribution] = {}
    pending = [name]
    while pending:
        for text in metadata.requires(pending.pop()) or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = requirement.name.lower().replace("_", "-")
            if key not in found:
                found[key] = metadata.distribution(requirement.name)
                pending.append(requirement.name)
    return list(found.values())


def _top_level(distribution: metadata.Distribution) -> set[Path]:
    """The files and folders a distribution installed at the top of site-packages (its metadata folder
    too: libraries read their own and each other's versions from it)."""
    tops = set()
    for file in distribution.files or []:
        parts = Path(file).parts
        if parts and parts[0] not in ("..", "__pycache__") and not parts[0].endswith(".pth"):
            tops.add(Path(distribution.locate_file(parts[0])).resolve())
    return {top for top in tops if top.exists()}
