"""Output folders: docextract overwrites or removes only files it can prove it wrote (its manifest)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli, write_tree
from docextract import filestatus, outputs
from docextract.exitstatus import ExitStatus
from docextract.pages import Readers

MANIFEST = ".docextract-manifest.json"
PAGE = "[[p]]\n=== Page {n}\n\nSummary.\n\n[source,console]\n----\nGET /{n}\n----\n"
# Where each command puts the file of the page docs/NAME.asciidoc, relative to -o.
FILE_OF = {"convert": "{}.yaml", "tests": "rest-api-spec/test/{}.yml"}


def pages(root: Path, *names: str) -> Path:
    write_tree(root / "docs", {f"{name}.asciidoc": PAGE.format(n=name) for name in names})
    return root / "docs"


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text("utf-8"))["files"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The pages read during the test, by either command."""
    seen: list[Path] = []
    real = Readers.read

    def recorded(self, path, *args, **kwargs):
        seen.append(Path(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(Readers, "read", recorded)
    return seen


def fail_replace(monkeypatch, name: str, error: BaseException) -> None:
    """os.replace raises error when it would put the file called name in place."""
    real = os.replace

    def replace(source, target, *args, **kwargs):
        if Path(target).name == name:
            raise error
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(".tmp") or "probe" in p.name)


def test_a_second_tests_run_removes_only_its_own_unchanged_stale_files(tmp_path):
    """The issue's case: `tests samples`, then `tests samples/api` into the same folder."""
    out = tmp_path / "out"
    setups = str(SAMPLES / "setups.yaml")
    first = run_cli("tests", str(SAMPLES), "-o", str(out), "--setups", setups)
    assert first.status in (ExitStatus.OK, ExitStatus.DOCS_ERROR), first.stderr
    suites = out / "rest-api-spec/test"
    written_first = sorted(p.relative_to(suites).as_posix() for p in suites.rglob("*.yml"))
    assert "api/search.yml" in written_first and len(written_first) > 3
    mine = suites / "mine.yml"
    mine.write_text("# a suite I wrote by hand\n")
    edited = suites / "api/search.yml"
    edited.write_text(edited.read_text() + "# my note\n")
    edited_text = edited.read_text()

    second = run_cli("tests", str(SAMPLES / "api"), "-o", str(out), "--setups", setups)

    assert second.status == ExitStatus.OK, second.stderr
    assert mine.read_text() == "# a suite I wrote by hand\n"
    assert edited.read_text() == edited_text
    left = sorted(p.relative_to(suites).as_posix() for p in suites.rglob("*.yml"))
    assert left == ["api/search.yml", "create-index.yml", "index-document.yml", "mine.yml", "search.yml"]
    assert f"removed {len(written_first) - 1} stale files" in second.stderr
    files = manifest(out)
    assert "rest-api-spec/test/mine.yml" not in files
    for name in ("create-index.yml", "index-document.yml", "search.yml"):
        entry = files[f"rest-api-spec/test/{name}"]
        assert entry == {"command": "tests", "sha256": sha256(suites / name)}


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_pages_that_would_share_an_output_file_are_errors_and_none_of_them_is_written(
    tmp_path, command, capsys
):
    """The audit's case: page.asciidoc, page.adoc and page.md all gave page.yaml, and two were lost."""
    docs, out = pages(tmp_path, "other"), tmp_path / "out"
    names = ("page.adoc", "page.asciidoc", "page.md")
    for name in names:
        (docs / name).write_text(
            PAGE.format(n=name) if name != "page.md" else "# Page\n\n```console\nGET /\n```\n"
        )

    result = run_cli(command, str(docs), "-o", str(out))

    assert result.status == ExitStatus.DOCS_ERROR, result.stderr
    target = FILE_OF[command].format("page")
    for name in names:
        others = " and ".join(f"{docs.as_posix()}/{other}" for other in names if other != name)
        assert f"{others} would also be written to {target}: none of these pages is written" in result.stderr
        assert f"--> {os.path.relpath(docs / name)}:1:1" in result.stderr
    assert "3 errors" in result.stderr
    assert not (out / target).exists()
    assert sorted(manifest(out)) == [FILE_OF[command].format("other")]
    refused = run_cli(command, str(docs), "-o", str(out), "--rule", "output-clash=off")
    assert refused.status == ExitStatus.USAGE  # argparse writes to sys.stderr itself
    assert "`output-clash` cannot be changed" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_an_earlier_output_of_pages_that_now_clash_is_kept(tmp_path, command):
    # page.asciidoc was written; page.md, added since, gives the same file: neither is written now, and
    # the earlier file, whose page is still there, is not removed as stale.
    docs, out = pages(tmp_path, "page"), tmp_path / "out"
    assert run_cli(command, str(docs), "-o", str(out)).status == ExitStatus.OK
    target = out / FILE_OF[command].format("page")
    before = target.read_bytes()
    (docs / "page.md").write_text("# Page\n\n```console\nGET /\n```\n")
    again = run_cli(command, str(docs), "-o", str(out))
    assert again.status == ExitStatus.DOCS_ERROR and "output-clash" in again.stderr
    assert "stale" not in again.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_stale_files_behind_a_linked_folder_are_not_removed(tmp_path, command):
    """The audit's case: out/api replaced by a link to an archive of its files, then a page deleted."""
    docs, out = pages(tmp_path, "a", "api/search"), tmp_path / "out"
    assert run_cli(command, str(docs), "-o", str(out)).status == ExitStatus.OK
    stale = FILE_OF[command].format("api/search")
    linked = (out / stale).parent
    archive = tmp_path / "archive"
    linked.rename(archive)
    linked.symlink_to(os.path.relpath(archive, linked.parent))
    (docs / "api/search.asciidoc").unlink()

    again = run_cli(command, str(docs), "-o", str(out))

    assert again.status == ExitStatus.OK, again.stderr
    assert "stale file" not in again.stderr
    assert (archive / Path(stale).name).is_file()
    assert stale in manifest(out)  # still listed: a later run looks at it again


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_a_file_is_never_written_through_a_linked_folder(tmp_path, command, reads):
    docs, out = pages(tmp_path, "a", "api/search"), tmp_path / "out"
    assert run_cli(command, str(docs), "-o", str(out)).status == ExitStatus.OK
    linked = (out / FILE_OF[command].format("api/search")).parent
    archive = tmp_path / "archive"
    linked.rename(archive)
    linked.symlink_to(archive)
    (archive / "search.note").write_text("mine\n")
    reads.clear()

    refused = run_cli(command, str(docs), "-o", str(out))

    assert refused.status == ExitStatus.USAGE and reads == []
    assert "is a symbolic link, which docextract does not write through" in refused.stderr
    assert sorted(p.name for p in archive.iterdir()) == [
        "search.note",
        Path(FILE_OF[command]).name.format("search"),
    ]


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_a_users_file_at_an_output_path_is_never_overwritten(tmp_path, command, reads):
    docs, out = pages(tmp_path, "a", "b"), tmp_path / "out"
    # As a folder written by a docextract older than the manifest looks: files, no manifest.
    write_tree(out, {FILE_OF[command].format("b"): "mine\n"})
    result = run_cli(command, str(docs), "-o", str(out))
    assert result.status == ExitStatus.USAGE
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("docextract: error: ")
    assert f"{FILE_OF[command].format('b')} (not written by docextract)" in result.stderr
    assert "older than .docextract-manifest.json" in result.stderr
    assert (out / FILE_OF[command].format("b")).read_text() == "mine\n"
    assert not (out / FILE_OF[command].format("a")).exists()
    assert reads == []


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_an_edited_generated_file_is_neither_overwritten_nor_deleted(tmp_path, command):
    docs, out = pages(tmp_path, "a", "b"), tmp_path / "out"
    assert run_cli(command, str(docs), "-o", str(out)).status == ExitStatus.OK
    a, b = (out / FILE_OF[command].format(name) for name in "ab")
    a.write_text(a.read_text() + "# edited\n")
    overwrite = run_cli(command, str(docs), "-o", str(out))
    assert overwrite.status == ExitStatus.USAGE
    assert "(changed since docextract wrote it)" in overwrite.stderr
    assert a.read_text().endswith("# edited\n")
    # Its page gone, the edited file would be stale: it stays, as the user's.
    (docs / "a.asciidoc").unlink()
    kept = run_cli(command, str(docs), "-o", str(out))
    assert kept.status == ExitStatus.OK, kept.stderr
    assert a.read_text().endswith("# edited\n") and b.is_file()
    assert "stale" not in kept.stderr


def test_a_settled_file_is_proven_by_its_status_and_an_edit_that_keeps_size_and_time_is_seen(
    tmp_path, monkeypatch
):
    docs, out = pages(tmp_path, "a", "b"), tmp_path / "out"
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    # Written just now: no status kept (a write in the same clock tick could share it).
    assert all("status" not in entry for entry in manifest(out).values())
    monkeypatch.setattr(filestatus, "SETTLED_NS", 0)  # as if the run were seconds later
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    kept = manifest(out)
    assert all(len(entry["status"]) == 5 for entry in kept.values())
    # With its status unchanged, a file is docextract's without reading it.
    monkeypatch.setattr(outputs, "_file_sha256", lambda path: pytest.fail(f"read {path}"))
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    monkeypatch.undo()
    # An edit of the same size, its modification time set back: the change time still moved.
    a = out / "a.yaml"
    before = a.stat()
    time.sleep(0.05)  # past the clock tick the file's change time was taken in
    a.write_bytes(a.read_bytes().replace(b"Page a", b"Page X"))
    os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    refused = run_cli("convert", str(docs), "-o", str(out))
    assert refused.status == ExitStatus.USAGE
    assert "a.yaml (changed since docextract wrote it)" in refused.stderr


def test_a_status_in_the_manifest_that_is_not_one_is_ignored(tmp_path, monkeypatch):
    docs, out = pages(tmp_path, "a"), tmp_path / "out"
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    document = json.loads((out / MANIFEST).read_text("utf-8"))
    document["files"]["a.yaml"]["status"] = ["1", 2]
    (out / MANIFEST).write_text(json.dumps(document))
    (out / "a.yaml").write_text("edited\n")
    refused = run_cli("convert", str(docs), "-o", str(out))
    assert refused.status == ExitStatus.USAGE and "changed since docextract wrote it" in refused.stderr


@pytest.mark.parametrize(
    "target, message",
    [
        ("a-file", "is a file, not a folder"),
        ("a-file/out", "a-file is a file"),
        ("ro", "cannot write in the output folder"),
        ("ro/out", "cannot create the output folder"),
    ],
)
def test_convert_into_a_file_or_a_read_only_folder_stops_before_reading(
    tmp_path, read_only, reads, target, message
):
    docs = pages(tmp_path, "a")
    (tmp_path / "a-file").write_text("not a folder\n")
    result = run_cli("convert", str(docs), "-o", str(tmp_path / target))
    assert result.status == ExitStatus.USAGE, result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert reads == []
    assert (tmp_path / "a-file").read_text() == "not a folder\n"


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_a_disk_error_after_the_checks_keeps_what_was_written(tmp_path, monkeypatch, command):
    docs, out = pages(tmp_path, "a", "b", "c"), tmp_path / "out"
    fail_replace(
        monkeypatch, FILE_OF[command].format("b").rpartition("/")[2], OSError(errno.ENOSPC, "No space")
    )
    result = run_cli(command, str(docs), "-o", str(out))
    assert result.status == ExitStatus.IO_ERROR, result.stderr
    b = out / FILE_OF[command].format("b")
    assert f"cannot read or write {b}: No space" in result.stderr
    a = out / FILE_OF[command].format("a")
    assert manifest(out) == {FILE_OF[command].format("a"): {"command": command, "sha256": sha256(a)}}
    assert not b.exists() and leftovers(out) == []


@pytest.mark.parametrize("command", ["convert", "tests"])
def test_an_interruption_leaves_no_temporary_file_and_records_what_was_written(
    tmp_path, monkeypatch, command
):
    docs, out = pages(tmp_path, "a", "b", "c", "z"), tmp_path / "out"
    assert run_cli(command, str(docs), "-o", str(out)).status == ExitStatus.OK
    (docs / "z.asciidoc").unlink()
    for name in "abc":
        (docs / f"{name}.asciidoc").write_text(PAGE.format(n=name + "2"))
    with monkeypatch.context() as patch:
        fail_replace(patch, FILE_OF[command].format("b").rpartition("/")[2], KeyboardInterrupt())
        result = run_cli(command, str(docs), "-o", str(out))
    assert result.status == ExitStatus.INTERRUPTED
    assert leftovers(out) == []
    a, b, z = (out / FILE_OF[command].format(name) for name in "abz")
    files = manifest(out)
    assert "a2" in a.read_text() and files[FILE_OF[command].format("a")]["sha256"] == sha256(a)
    assert "a2" not in b.read_text() and files[FILE_OF[command].format("b")]["sha256"] == sha256(b)
    # An interrupted run removes nothing: z's file waits for a complete run.
    assert z.is_file()
    again = run_cli(command, str(docs), "-o", str(out))
    assert again.status == ExitStatus.OK, again.stderr
    assert not z.exists() and "removed 1 stale file" in again.stderr


def test_convert_and_tests_in_one_folder_leave_each_others_files(tmp_path):
    docs, out = pages(tmp_path, "a"), tmp_path / "out"
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    assert run_cli("tests", str(docs), "-o", str(out)).status == ExitStatus.OK
    (docs / "a.asciidoc").write_text("[[p]]\n=== No snippet\n")
    result = run_cli("tests", str(docs), "-o", str(out))
    assert "removed 1 stale file" in result.stderr
    assert (out / "a.yaml").is_file() and not (out / "rest-api-spec/test/a.yml").exists()
    assert set(manifest(out)) == {"a.yaml"}


@pytest.mark.parametrize(
    "document",
    [
        "not json",
        json.dumps({"format": 1, "files": {"../outside.yml": {"command": "tests", "sha256": "0" * 64}}}),
        json.dumps({"format": 99, "files": {}}),
    ],
)
def test_a_manifest_docextract_cannot_trust_stops_the_run(tmp_path, document, reads):
    docs, out = pages(tmp_path, "a"), tmp_path / "out"
    write_tree(out, {MANIFEST: document})
    result = run_cli("tests", str(docs), "-o", str(out))
    assert result.status == ExitStatus.USAGE and MANIFEST in result.stderr
    assert reads == [] and (out / MANIFEST).read_text() == document


def test_a_page_outside_the_docs_root_is_refused_for_tests(tmp_path, reads):
    """Its suite would go by its absolute path, that is beside the page, not under -o."""
    first, second = pages(tmp_path / "one", "a"), pages(tmp_path / "two", "b")
    result = run_cli("tests", str(first), str(second.resolve()), "-o", str(tmp_path / "out"))
    assert result.status == ExitStatus.USAGE and "outside the docs root" in result.stderr
    assert reads == [] and not (second / "b.yml").exists()


def test_a_signal_during_a_write_waits_until_the_file_is_recorded(tmp_path, monkeypatch):
    docs, out = pages(tmp_path, "a", "b", "c"), tmp_path / "out"
    real = os.replace

    def replace(source, target, *args, **kwargs):
        real(source, target, *args, **kwargs)
        if Path(target).name == "b.yaml":  # the moment between the file in place and its entry
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", replace)
    result = run_cli("convert", str(docs), "-o", str(out))
    assert result.status == ExitStatus.TERMINATED
    assert set(manifest(out)) == {"a.yaml", "b.yaml"} and not (out / "c.yaml").exists()


def test_pages_converted_in_worker_processes_are_all_recorded_and_the_workers_end_quietly(tmp_path, capfd):
    names = [f"p{n:02}" for n in range(30)]  # above pool.PARALLEL_THRESHOLD: worker processes
    docs, out = pages(tmp_path, *names), tmp_path / "out"
    result = run_cli("convert", str(docs), "-o", str(out), "-j", "2")
    assert result.status == ExitStatus.OK, result.stderr
    files = manifest(out)
    assert files == {
        f"{name}.yaml": {"command": "convert", "sha256": sha256(out / f"{name}.yaml")} for name in names
    }
    # The pool ends its workers with SIGTERM: they must not take it for the command's own signal.
    assert "Traceback" not in capfd.readouterr().err


def test_a_run_that_changes_nothing_leaves_the_manifest_as_it_was(tmp_path, monkeypatch):
    docs, out = pages(tmp_path, "a", "b"), tmp_path / "out"
    monkeypatch.setattr(filestatus, "SETTLED_NS", 0)  # statuses kept at once: the second run adds them
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    kept = (out / MANIFEST).stat().st_ino
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    assert (out / MANIFEST).stat().st_ino == kept  # not written again (a write replaces the file)
    (docs / "b.asciidoc").write_text(PAGE.format(n="b2"), encoding="utf-8")
    assert run_cli("convert", str(docs), "-o", str(out)).status == ExitStatus.OK
    assert (out / MANIFEST).stat().st_ino != kept
    assert manifest(out)["b.yaml"]["sha256"] == sha256(out / "b.yaml")
