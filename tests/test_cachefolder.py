"""The cache folder keeps the newest files of each kind: a CI runner that installs docextract afresh for
each run gives each kind a new key a run, and the folder must not grow for ever."""

from __future__ import annotations

import os

from docextract import cachefolder
from docextract.syntax import grammar


def _files(folder, name, suffix, count, start=1_000_000):
    """count files of a kind, named as cache_file names them, written one second apart."""
    made = []
    for number in range(count):
        path = folder / f"{name}-{number:016x}{suffix}"
        path.write_bytes(b"old")
        os.utime(path, (start + number, start + number))
        made.append(path)
    return made


def _folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DOCEXTRACT_NO_CACHE", raising=False)
    folder = cachefolder.cache_file("probe", "key", "").parent
    return folder


def test_a_new_file_of_a_kind_leaves_the_newest_of_that_kind_and_nothing_else_changed(tmp_path, monkeypatch):
    folder = _folder(tmp_path, monkeypatch)
    requests = _files(folder, "requests", ".pickle", 10)
    others = [
        *_files(folder, "gradle", ".pickle", 10),
        *_files(folder, "requests", ".lark-cache", 2),  # another suffix: another kind
    ]
    (folder / "pages-0123456789abcdef").mkdir()  # the page cache's folders have their own cleanup
    (folder / "notes.txt").write_text("not ours to remove")
    (folder / ".requests-0000000000000000.pickle.1a2b3c4d.tmp").write_bytes(b"a write under way")
    new = cachefolder.cache_file("requests", "a key never used", ".pickle")
    cachefolder.keep(new, b"new")
    kept = sorted(path.name for path in folder.glob("requests-*.pickle"))
    assert kept == sorted([new.name, *(path.name for path in requests[-(cachefolder.KEEP - 1) :])])
    assert all(path.exists() for path in others)
    assert (folder / "pages-0123456789abcdef").is_dir() and (folder / "notes.txt").exists()
    assert (folder / ".requests-0000000000000000.pickle.1a2b3c4d.tmp").exists()


def test_writing_a_file_again_prunes_nothing(tmp_path, monkeypatch):
    folder = _folder(tmp_path, monkeypatch)
    requests = _files(folder, "requests", ".pickle", 10)
    cachefolder.keep(requests[0], b"again")  # the builtcache adds to its file as requests are built
    assert all(path.exists() for path in requests)


def test_a_grammar_analysed_anew_prunes_its_older_cache_files(tmp_path, monkeypatch):
    folder = _folder(tmp_path, monkeypatch)
    older = _files(folder, "replacement", ".lark-cache", 9)
    grammar.load.__wrapped__("replacement")  # not the process's parser: a new cache file
    written = [path for path in folder.glob("replacement-*.lark-cache") if path not in older]
    assert len(written) == 1
    left = sorted(folder.glob("replacement-*.lark-cache"))
    assert len(left) == cachefolder.KEEP and written[0] in left and older[0] not in left
