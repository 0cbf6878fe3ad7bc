"""Converting many pages: the collector's pace during a run, what is loaded before helpers fork, and the
heap left to the process's end."""

from __future__ import annotations

import atexit
import gc
from pathlib import Path

from conftest import run_cli, write_tree
from docextract import batch, collector, export
from docextract.settings import Settings

PAGE = "= Page {n}\n\nSome text.\n\n[source,console]\n----\nGET /_cluster/health\n----\n"


def _pages(root: Path, count: int) -> list[Path]:
    write_tree(root, {f"p{n}.asciidoc": PAGE.format(n=n) for n in range(count)})
    return sorted(root.glob("*.asciidoc"))


def test_the_young_generation_is_collected_less_often_during_a_run_and_as_before_after(tmp_path):
    paths = _pages(tmp_path, 2)
    before = gc.get_threshold()
    seen = []
    try:
        gc.set_threshold(700, *before[1:])
        for _ in batch.convert_pages(paths, Settings(tmp_path), batch.Output(), jobs=1):
            seen.append(gc.get_threshold()[0])
        assert seen == [collector.YOUNG_COLLECTION_THRESHOLD] * 2
        assert gc.get_threshold() == (700, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_a_higher_threshold_is_kept(tmp_path):
    paths = _pages(tmp_path, 1)
    before = gc.get_threshold()
    try:
        gc.set_threshold(collector.YOUNG_COLLECTION_THRESHOLD * 3, *before[1:])
        for _ in batch.convert_pages(paths, Settings(tmp_path), batch.Output(), jobs=1):
            assert gc.get_threshold()[0] == collector.YOUNG_COLLECTION_THRESHOLD * 3
    finally:
        gc.set_threshold(*before)


def test_the_yaml_writer_is_loaded_before_helpers_fork_and_not_for_json(tmp_path, monkeypatch):
    paths = _pages(tmp_path, 10)  # enough pages for a helper
    calls = []
    monkeypatch.setattr(export, "prepare_yaml", lambda: calls.append("yaml"))
    texts = [c.text for c in batch.convert_pages(paths, Settings(tmp_path), batch.Output("yaml"), jobs=2)]
    assert calls == ["yaml"]
    assert all(text.startswith("schema: docextract/page/v1") for text in texts)
    calls.clear()
    list(batch.convert_pages(paths, Settings(tmp_path), batch.Output("json"), jobs=2))
    assert calls == []


def test_a_command_leaves_its_heap_frozen_at_the_process_end_once(tmp_path, monkeypatch):
    _pages(tmp_path, 1)
    registered: list = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(atexit, "unregister", lambda f: registered.remove(f) if f in registered else None)
    for _ in range(2):
        assert run_cli("convert", str(tmp_path), "-o", str(tmp_path / "out"), "-q", "--no-cache").status == 0
    assert registered == [gc.freeze]


def test_what_exists_is_left_out_of_collections_inside_and_collected_as_before_after():
    assert gc.get_freeze_count() == 0
    kept = [[] for _ in range(100)]
    with collector.left_out():
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_a_heap_frozen_by_someone_else_is_left_frozen(tmp_path):
    paths = _pages(tmp_path, 10)  # enough pages for helpers, forked inside collector.left_out
    gc.freeze()  # as a host process that forks workers may have done
    try:
        frozen = gc.get_freeze_count()
        with collector.left_out():
            assert gc.get_freeze_count() == frozen
        list(batch.convert_pages(paths, Settings(tmp_path), batch.Output("json"), jobs=2))
        assert gc.get_freeze_count() > frozen // 2  # less the few freed meanwhile
    finally:
        gc.unfreeze()
