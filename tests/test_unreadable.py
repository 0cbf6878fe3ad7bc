"""Files that exist but are not read: a page or include that cannot be read, a FIFO, a device, a folder,
a link that leads nowhere. Each is an error that says what the file is; no command hangs on one, and
the other pages are still written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import yaml

from conftest import run_cli, write_tree
from docextract.exitstatus import ExitStatus

GOOD = "[[ok]]\n=== OK\n\n[source,console]\n----\nGET /\n----\n"


def _said(result) -> str:
    """What the command reported: validate writes its findings to stdout, the others to stderr."""
    return result.stdout + result.stderr


def _fail_open_of(monkeypatch, name: str, error: int) -> None:
    """os.open fails with error for files of this name, as for a page the user may not read (the tests
    run as root, who may read any file)."""
    real_open = os.open

    def fake_open(path, *args, **kwargs):
        if os.path.basename(os.fspath(path)) == name:
            raise OSError(error, os.strerror(error), os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


@pytest.mark.parametrize("command", ["convert", "validate", "tests"])
def test_a_page_that_cannot_be_read_is_an_error_of_its_own_and_the_other_pages_are_written(
    tmp_path, monkeypatch, command
):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "docs", {"ok.asciidoc": GOOD, "denied.asciidoc": GOOD})
    _fail_open_of(monkeypatch, "denied.asciidoc", errno.EACCES)
    options = ["-o", "out"] if command != "validate" else ["--no-cache"]
    result = run_cli(command, "docs", *options)
    assert result.status == ExitStatus.IO_ERROR, _said(result)
    assert (
        "error[page-unreadable]: the page cannot be read: Permission denied\n"
        " --> docs/denied.asciidoc:1:1\n"
        "  = hint: give the user running docextract permission to read it\n"
    ) in _said(result)
    assert "internal" not in _said(result)
    if command == "convert":
        assert yaml.safe_load(Path("out/ok.yaml").read_text())["snippets"]
    if command == "tests":
        assert list(Path("out").rglob("ok.yml"))


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux's /proc")
def test_a_page_whose_reading_fails_says_what_the_system_said(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "docs", {"ok.md": "# OK\n"})
    (tmp_path / "docs" / "m.md").symlink_to("/proc/self/mem")  # opens, then every read fails (EIO)
    result = run_cli("validate", "docs", "--no-cache")
    assert result.status == ExitStatus.IO_ERROR
    assert "error[page-unreadable]: the page cannot be read: Input/output error\n --> docs/m.md:1:1" in _said(
        result
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("page", ["f.asciidoc", "f.md"])
def test_a_fifo_named_as_a_page_or_found_in_a_folder_is_not_opened(tmp_path, monkeypatch, page):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "docs", {"ok.asciidoc": GOOD})
    os.mkfifo(tmp_path / "docs" / page)
    expected = (
        f"error[page-unreadable]: the page is a FIFO (named pipe), not a regular file\n --> docs/{page}:1:1\n"
        "  = hint: a FIFO would be read for ever; name a regular file\n"
    )
    for inputs in ([f"docs/{page}"], ["docs"]):
        result = run_cli("validate", *inputs, "--no-cache")
        assert result.status == ExitStatus.IO_ERROR
        assert expected in _said(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_include_of_what_is_no_regular_file_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    includes = ["fifo.inc", "folder.inc", "/dev/zero", "denied.inc", "missing.inc"]
    write_tree(docs, {"page.asciidoc": "".join(f"include::{name}[]\n" for name in includes)})
    write_tree(docs, {"denied.inc": "x\n", "folder.inc/x": "x\n"})
    os.mkfifo(docs / "fifo.inc")
    _fail_open_of(monkeypatch, "denied.inc", errno.EACCES)
    result = run_cli("validate", "docs", "--allow-include-outside-root", "--no-cache")
    assert result.status == ExitStatus.IO_ERROR
    titles = [line for line in _said(result).splitlines() if line.startswith("error")]
    assert titles == [
        "error[include-unreadable]: the include file fifo.inc is a FIFO (named pipe), not a regular file",
        "error[include-unreadable]: the include file folder.inc is a folder, not a regular file",
        "error[include-unreadable]: the include file /dev/zero is a character device, not a regular file",
        "error[include-unreadable]: the include file denied.inc cannot be read: Permission denied",
        "error[include-not-found]: include file not found: missing.inc",
    ]


def test_an_optional_include_of_a_folder_is_still_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"page.asciidoc": "include::folder.inc[opts=optional]\n", "folder.inc/x": "x\n"})
    result = run_cli("validate", "page.asciidoc", "--no-cache")
    assert "error[include-unreadable]: the include file folder.inc is a folder" in _said(result)


def test_links_that_lead_nowhere_are_named_as_links(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "docs", {"ok.asciidoc": GOOD})
    (tmp_path / "docs" / "a.asciidoc").symlink_to("b.asciidoc")
    (tmp_path / "docs" / "b.asciidoc").symlink_to("a.asciidoc")
    (tmp_path / "docs" / "gone.md").symlink_to("nowhere.md")
    named = run_cli("validate", "docs/a.asciidoc")
    assert named.status == ExitStatus.USAGE
    assert named.stderr == (
        "docextract: error: docs/a.asciidoc is a symlink loop (fix the link: following it leads back to "
        "itself)\n"
    )
    # Found under a folder, each is a page that cannot be read: an error, which --rule can lower.
    found = run_cli("validate", "docs", "--no-cache")
    assert found.status == ExitStatus.IO_ERROR
    assert "error[page-unreadable]: the page is a symlink loop\n --> docs/a.asciidoc:1:1" in _said(found)
    assert (
        "error[page-unreadable]: the page is a symlink to a file that does not exist (nowhere.md)\n"
        " --> docs/gone.md:1:1\n  = hint: fix the link or remove it\n"
    ) in _said(found)
    lowered = run_cli("validate", "docs", "--no-cache", "--rule", "page-unreadable=warning")
    assert lowered.status == ExitStatus.OK
