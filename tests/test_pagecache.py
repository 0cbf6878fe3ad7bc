"""The page cache: a second convert or validate of unchanged docs reads no page and says the same; a
changed page, a changed include, a missing include that appears, other settings, checks or code
read again."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import run_cli, write_tree
from docextract import cachefolder, filestatus, pagecache
from docextract.exitstatus import ExitStatus
from docextract.pages import Readers
from docextract.settings import Settings

PAGE = """\
[[a-api]]
=== A API

include::part.asciidoc[]

[source,console]
----
GET /_a
----
"""
PART = """\
==== {api-path-parms-title}

`index`::
(Required, string) The index.
"""
OTHER = """\
[[b-api]]
=== B API

Text.
"""


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache-home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("DOCEXTRACT_NO_CACHE", raising=False)
    return home


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The pages the front ends read, by name, in order."""
    real = Readers.read
    seen: list[str] = []

    def recorded(self, path, settings):
        seen.append(Path(path).name)
        return real(self, path, settings)

    monkeypatch.setattr(Readers, "read", recorded)
    return seen


def settle(root: Path, age: float = 60.0) -> None:
    """Date the files back: one written a moment ago may be changing while the run reads it, and is
    not kept (the cache's own rule)."""
    when = time.time() - age
    for path in root.rglob("*"):
        os.utime(path, (when, when))


@pytest.fixture
def docs(tmp_path) -> Path:
    root = tmp_path / "docs"
    write_tree(root, {"a.asciidoc": PAGE, "part.asciidoc": PART, "b.asciidoc": OTHER})
    (root / "part.asciidoc").rename(root / "part.txt")  # an include, not a page of its own
    (root / "a.asciidoc").write_text(PAGE.replace("part.asciidoc", "part.txt"), encoding="utf-8")
    settle(root)
    return root


def convert(docs: Path, *options: str):
    return run_cli("convert", str(docs), "--format", "json", "-j", "1", *options)


def test_a_second_convert_reads_no_page_and_says_the_same(cache_home, docs, reads):
    first = convert(docs)
    assert first.status == ExitStatus.OK and sorted(reads) == ["a.asciidoc", "b.asciidoc"]
    reads.clear()
    second = convert(docs)
    assert reads == []
    assert (second.status, second.stdout, second.stderr) == (first.status, first.stdout, first.stderr)
    assert '"name": "index"' in second.stdout


def test_an_edited_include_reads_again_the_pages_that_include_it(cache_home, docs, reads):
    convert(docs)
    reads.clear()
    (docs / "part.txt").write_text(PART.replace("`index`", "`target`"), encoding="utf-8")
    settle(docs, age=30)
    again = convert(docs)
    assert reads == ["a.asciidoc"]
    assert '"name": "target"' in again.stdout and '"name": "index"' not in again.stdout


def test_an_edited_page_is_read_again_alone(cache_home, docs, reads):
    convert(docs)
    reads.clear()
    (docs / "b.asciidoc").write_text(OTHER.replace("Text.", "Other text."), encoding="utf-8")
    settle(docs, age=30)
    assert "Other text." in convert(docs).stdout
    assert reads == ["b.asciidoc"]


def entries(cache_home: Path) -> list[Path]:
    """The pages' own entry files of every run folder (the pack and run entries aside)."""
    return [path for path in (cache_home / "docextract").glob("pages-*/*.pickle")]


def test_a_second_run_reads_one_pack_and_an_edit_updates_it(cache_home, docs, reads):
    first = convert(docs)
    assert len(entries(cache_home)) == 2 and len(list(cache_home.glob("docextract/pages-*/pages.pack"))) == 1
    for entry in entries(cache_home):  # the pack alone answers now
        entry.unlink()
    reads.clear()
    assert convert(docs).stdout == first.stdout and reads == []
    (docs / "b.asciidoc").write_text(OTHER.replace("Text.", "Other text."), encoding="utf-8")
    settle(docs, age=30)
    edited = convert(docs)
    assert reads == ["b.asciidoc"] and "Other text." in edited.stdout
    for entry in entries(cache_home):  # b's new entry went into the pack too
        entry.unlink()
    reads.clear()
    assert convert(docs).stdout == edited.stdout and reads == []


def test_a_run_of_some_pages_keeps_the_others_in_the_pack(cache_home, docs, reads):
    whole = convert(docs)
    (docs / "b.asciidoc").write_text(OTHER.replace("Text.", "Other text."), encoding="utf-8")
    settle(docs, age=30)
    convert(docs / "b.asciidoc")  # the pack is written again, for b
    for entry in entries(cache_home):
        entry.unlink()
    reads.clear()
    again = convert(docs)
    assert reads == [] and again.stdout == whole.stdout.replace("Text.", "Other text.")


def test_a_missing_include_holds_until_its_file_appears(cache_home, docs, reads):
    (docs / "part.txt").unlink()
    first = convert(docs)
    assert "include file not found: part.txt" in first.stderr
    reads.clear()
    assert convert(docs).stderr == first.stderr and reads == []
    (docs / "part.txt").write_text(PART, encoding="utf-8")
    settle(docs, age=30)
    found = convert(docs)
    assert reads == ["a.asciidoc"] and "not found" not in found.stderr


def test_a_file_changed_just_before_the_run_is_not_kept(cache_home, docs, reads):
    (docs / "part.txt").write_text(PART, encoding="utf-8")  # written now: may still be changing
    convert(docs)
    reads.clear()
    convert(docs)
    assert reads == ["a.asciidoc"]


def test_a_file_with_a_flaw_reported_once_a_run_is_never_kept(cache_home, docs, reads):
    (docs / "part.txt").write_bytes(PART.encode() + b"caf\xe9\n")
    settle(docs)
    first = convert(docs)
    reads.clear()
    second = convert(docs)
    assert reads == ["a.asciidoc"]
    assert "invalid-utf8" in first.stderr and second.stderr == first.stderr


def test_a_file_that_gains_a_flaw_after_it_was_kept_is_read_again(cache_home, docs, reads):
    convert(docs)
    reads.clear()
    (docs / "part.txt").write_bytes(PART.encode() + b"caf\xe9\n")
    settle(docs)
    flawed = convert(docs)
    assert reads == ["a.asciidoc"]
    assert "invalid-utf8" in flawed.stderr


def test_a_settled_file_is_known_by_its_status_and_an_edit_that_keeps_size_and_time_is_seen(
    cache_home, docs, reads, monkeypatch
):
    monkeypatch.setattr(filestatus, "SETTLED_NS", 0)  # as if the files had changed seconds ago
    convert(docs)
    reads.clear()
    hashed: list[str] = []
    real_hash = pagecache.PageCache._hash
    monkeypatch.setattr(
        pagecache.PageCache,
        "_hash",
        lambda self, name, sound=True: hashed.append(name) or real_hash(self, name, sound),
    )
    convert(docs)
    assert reads == [] and hashed == []  # every file still has its status: none was read
    part = docs / "part.txt"
    before = part.stat()
    time.sleep(0.05)  # past the clock tick the file's change time was taken in
    part.write_text(PART.replace("The index.", "One index."), encoding="utf-8")
    os.utime(part, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (part.stat().st_size, part.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    edited = convert(docs)
    assert reads == ["a.asciidoc"]
    assert "One index." in edited.stdout


def test_no_cache_neither_reads_nor_keeps_entries(cache_home, docs, reads):
    convert(docs, "--no-cache")
    convert(docs, "--no-cache")
    assert len(reads) == 4
    assert not list((cache_home / "docextract").glob("pages-*"))


def test_docextract_no_cache_turns_it_off(cache_home, docs, reads, monkeypatch):
    monkeypatch.setenv("DOCEXTRACT_NO_CACHE", "1")
    convert(docs)
    convert(docs)
    assert len(reads) == 4


def test_other_settings_or_format_read_again(cache_home, docs, reads):
    convert(docs)
    reads.clear()
    convert(docs, "-a", "release-state=released")
    assert len(reads) == 2
    reads.clear()
    run_cli("convert", str(docs), "-j", "1")  # YAML, not JSON
    assert len(reads) == 2


def test_another_docextract_reads_no_old_entry(cache_home, docs, reads, monkeypatch):
    convert(docs)
    reads.clear()
    monkeypatch.setattr(pagecache, "code_hash", lambda: "a changed docextract")
    convert(docs)
    assert len(reads) == 2


CODE_HASH = "from docextract.pagecache import code_hash; print(code_hash())"


def test_the_code_hash_moves_with_any_write_to_a_source_file(tmp_path):
    """Same size, same modification time, other bytes: still another docextract."""
    import shutil
    import subprocess
    import sys

    import docextract

    package = tmp_path / "docextract"
    shutil.copytree(Path(docextract.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    environ = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}

    def hashed() -> str:
        done = subprocess.run([sys.executable, "-c", CODE_HASH], env=environ, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    first = hashed()
    assert hashed() == first
    source = package / "clock.py"
    before = source.stat()
    time.sleep(0.05)  # past the clock tick the file's change time was taken in
    source.write_bytes(source.read_bytes().replace(b"clock", b"Clock", 1))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    assert hashed() != first


def test_a_second_validate_reads_no_page_and_finds_the_same(cache_home, docs, reads):
    (docs / "b.asciidoc").write_text(OTHER + "\n[source,console]\n----\nGET /_b\n----\n// TEST[s/x/y/\n")
    settle(docs)
    first = run_cli("validate", str(docs), "--format", "json", "-j", "1")
    assert first.status == ExitStatus.DOCS_ERROR and "annotation-syntax" in first.stdout
    assert len(reads) == 4  # each page read whole, then as written for the test generator
    reads.clear()
    second = run_cli("validate", str(docs), "--format", "json", "-j", "1")
    assert reads == []
    assert (second.status, second.stdout, second.stderr) == (first.status, first.stdout, first.stderr)


@dataclass(frozen=True)
class Found:
    path: Path | None
    what: str


def test_the_checks_are_part_of_validate_key(cache_home, docs):
    settings = Settings(docs.resolve())
    plain = pagecache.PageCache.open(settings, "validate", "page checks")
    plain.put(docs / "b.asciidoc", (), (), Found(docs / "b.asciidoc", "found"))
    assert plain.get(docs / "b.asciidoc") == Found(None, "found")  # the path is the run's to give
    with_spec = pagecache.PageCache.open(settings, "validate", "page checks; es-spec 1234")
    assert with_spec.get(docs / "b.asciidoc") is None


def test_entries_are_private_and_old_run_folders_go(cache_home, docs):
    base = cache_home / "docextract"
    base.mkdir(mode=0o700)
    for age in range(cachefolder.KEEP + 3):
        old = base / f"pages-{age:016x}"  # as cache_file names them
        old.mkdir()
        os.utime(old, (time.time() - 1000 - age, time.time() - 1000 - age))
    convert(docs)
    folders = sorted(base.glob("pages-*"))
    assert len(folders) == cachefolder.KEEP
    assert not (base / f"pages-{cachefolder.KEEP + 2:016x}").exists()
    current = max(folders, key=lambda f: f.stat().st_mtime)
    assert stat.S_IMODE(current.stat().st_mode) == 0o700
    assert {stat.S_IMODE(entry.stat().st_mode) for entry in current.iterdir()} == {0o600}


def test_an_edit_generates_the_tests_again_and_replaces_what_was_kept(cache_home, docs, reads):
    continued = OTHER + "\n[source,console]\n----\nGET /_b\n----\n// TEST[continued]\n"
    (docs / "b.asciidoc").write_text(continued, encoding="utf-8")
    settle(docs)
    first = run_cli("validate", str(docs), "--format", "json", "-j", "1")
    assert "continued-first-snippet" in first.stdout  # a finding of the test generator
    folder = next((cache_home / "docextract").glob("pages-*"))
    kept = sorted(folder.iterdir())
    (docs / "b.asciidoc").write_text(continued.replace("// TEST[continued]\n", ""), encoding="utf-8")
    settle(docs, age=30)
    reads.clear()
    second = run_cli("validate", str(docs), "--format", "json", "-j", "1")
    assert reads == ["b.asciidoc", "b.asciidoc"]
    assert "continued-first-snippet" not in second.stdout
    assert sorted(folder.iterdir()) == kept  # the same entries, replaced


CACHED_RUN = """
import sys
from docextract import filestatus
from docextract.__main__ import main
filestatus.SETTLED_NS = 0  # as if the files had been written seconds ago: known by their status
sys.argv[1:] = ["convert", sys.argv[1], "-o", sys.argv[2], "-q"]
status = main()
watched = ("lark", "docextract.syntax.yamltext", "hashlib", "shutil", "docextract.model")
print(status, *sorted(m for m in watched if m in sys.modules))
"""


def test_a_convert_answered_from_the_cache_loads_no_parser_model_writer_or_openssl(
    cache_home, docs, tmp_path
):
    """What makes a second run cheap: nothing that reading or writing a page needs is loaded."""
    import subprocess
    import sys

    environ = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}

    def run() -> list[str]:
        command = [sys.executable, "-c", CACHED_RUN, str(docs), str(tmp_path / "out")]
        done = subprocess.run(command, env=environ, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    # The first run reads the pages and writes them (PyYAML is not needed for that).
    assert run() == ["0", "docextract.model", "docextract.syntax.yamltext", "hashlib", "lark"]
    # The second proves the files it wrote by their bytes (written moments before, their status proved
    # nothing then) and keeps their status; from then on nothing is read but the cache's entries.
    assert run() == ["0", "hashlib"]
    assert run() == ["0"]
