"""Shared test helpers: where ../shared lives, fixture-file loading, running the CLI in-process."""

from __future__ import annotations

import errno
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from docextract.cli import main
from docextract.environment import Environment

REPO = Path(__file__).resolve().parent.parent
# The shared material (corpus, seed, spec) stands beside the repository; never copied into it.
SHARED = Path(os.environ.get("DOCEXTRACT_SHARED", REPO.parent / "shared"))
CORPUS_ROOT = SHARED / "corpus" / "es-docs" / "docs" / "reference"
# Elastic's 9.x Markdown pages: the docs root is the folder of docset.yml, the pages are under reference/.
MD_CORPUS_ROOT = SHARED / "corpus" / "es-docs-md" / "docs"
SEED = SHARED / "seed" / "create-connector-sync-job-api.asciidoc"
SAMPLES = REPO / "samples"
# Set DOCEXTRACT_UPDATE_GOLDEN=1 to rewrite golden files from the current output (then review the diff).
UPDATE_GOLDEN = os.environ.get("DOCEXTRACT_UPDATE_GOLDEN") == "1"


def require_shared() -> None:
    if not CORPUS_ROOT.is_dir():
        pytest.fail(f"the shared corpus is missing: {CORPUS_ROOT} (set DOCEXTRACT_SHARED)")


def load_cases(path: Path) -> list:
    """A YAML fixture file holding a list of cases; each becomes a test named file:line."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        root = loader.get_single_node()
        params = []
        for node in root.value:
            case = loader.construct_object(node, deep=True)
            params.append(pytest.param(case, id=f"{path.name}:{node.start_mark.line + 1}"))
        return params
    finally:
        loader.dispose()


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str


def run_cli(*args: str, environ: dict[str, str] | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), Environment(stdout=out, stderr=err, environ=environ or {}))
    return Run(status, out.getvalue(), err.getvalue())


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_page(path: Path, settings, diagnostics=None, front_end=None):
    """The page, read by the AsciiDoc front end; its problems are added to diagnostics."""
    from docextract.asciidoc.frontend import AsciiDoc

    page, found = (front_end or AsciiDoc()).read(path, settings)
    for diagnostic in found:
        if diagnostics is not None:
            diagnostics.add(diagnostic)
    return page


def convert_tree(root: Path, files: dict[str, str], page: str = "page.asciidoc", **settings):
    """Write files under root, convert one page; return (page model, diagnostics)."""
    from docextract.diagnostics import Diagnostics
    from docextract.settings import Settings

    write_tree(root, files)
    diagnostics = Diagnostics()
    return read_page(root / page, Settings(root.resolve(), **settings), diagnostics), diagnostics


@pytest.fixture
def read_only(tmp_path, monkeypatch) -> Path:
    """A folder nothing can be written in: its mode says so, and for root (whom modes do not stop) the
    system calls answer as on a read-only mount."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_open, real_mkdir = os.open, os.mkdir

        def refused(path) -> OSError:
            return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

        def under(path) -> bool:
            return Path(path).absolute().is_relative_to(folder)

        def open_(path, flags, *args, **kwargs):
            if under(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise refused(path)
            return real_open(path, flags, *args, **kwargs)

        def mkdir(path, *args, **kwargs):
            if under(path):
                raise refused(path)
            return real_mkdir(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
        monkeypatch.setattr(os, "mkdir", mkdir)
    yield folder
    folder.chmod(0o755)
