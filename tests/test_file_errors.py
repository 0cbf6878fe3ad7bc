"""The files the settings name (settings file, specification, baseline, setups): each problem is shown
at its place in the file that holds it, with a hint, and names the real problem."""

from __future__ import annotations

import os

import pytest

from conftest import run_cli, write_tree
from docextract.exitstatus import ExitStatus

PAGE = {"docs/page.asciidoc": "[[p]]\n=== P\n"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_tree(tmp_path, PAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_specification_named_by_the_settings_file_is_blamed_on_its_line(project):
    (project / "pyproject.toml").write_text('[tool.docextract]\nes-spec = "docs/page.asciidoc"\n')
    result = run_cli("validate", "docs")
    assert result.status == ExitStatus.USAGE
    assert "--es-spec" not in result.stderr
    assert " --> pyproject.toml:2:11\n" in result.stderr
    assert "= hint: give the specification's schema.json" in result.stderr


def test_a_baseline_that_is_not_yaml_is_shown_at_the_place(project):
    (project / "known.yaml").write_text("version: 1\nfindings: [\n")
    result = run_cli("validate", "docs", "--baseline", "known.yaml")
    assert result.status == ExitStatus.USAGE
    assert "<unicode string>" not in result.stderr
    assert result.stderr.startswith("docextract: error: the baseline is not valid YAML: ")
    assert " --> known.yaml:2:12\n" in result.stderr  # after the last character: where the list ends unclosed
    assert "= hint: mend the file at the caret, or write it again with --write-baseline" in result.stderr


def test_a_docextract_toml_holding_a_tool_table_says_where_its_settings_go(project):
    (project / "docextract.toml").write_text('docs-root = "docs"\n[tool.docextract]\nbaseline = "b.yaml"\n')
    result = run_cli("validate", "docs")
    assert result.status == ExitStatus.USAGE
    assert result.stderr.startswith(
        "docextract: error: docextract.toml holds the settings at its top level, not in a [tool.…] table\n"
        " --> docextract.toml:2:7\n"
    )
    assert "= hint: move the keys of [tool.docextract] to the top of the file" in result.stderr


def test_a_settings_file_not_utf8_is_shown_at_its_first_bad_byte(project):
    (project / "docextract.toml").write_bytes('docs-root = "docs"\n# Café\n'.encode("latin-1"))
    result = run_cli("validate", "docs")
    assert result.status == ExitStatus.USAGE
    assert "error: the settings file is not UTF-8: byte 0xe9\n --> docextract.toml:2:6\n" in result.stderr
    assert "= hint: save the file as UTF-8" in result.stderr


def test_a_byte_order_mark_in_pyproject_is_named(project):
    # tomllib, and so pip, refuses it: docextract says so rather than read a file the build cannot.
    (project / "pyproject.toml").write_text('\ufeff[tool.docextract]\ndocs-root = "docs"\n')
    result = run_cli("validate", "docs")
    assert result.status == ExitStatus.USAGE
    assert "starts with a byte-order mark (U+FEFF)" in result.stderr
    assert "= hint: save the file as UTF-8 without a BOM" in result.stderr


@pytest.mark.parametrize(
    ("setups", "title"),
    [
        ("folder", "the setups file is a folder, not a regular file"),
        ("/dev/null", "the setups file is a character device, not a regular file"),
    ],
)
def test_setups_that_are_no_file_say_what_they_are(project, setups, title):
    (project / "folder").mkdir()
    result = run_cli("validate", "docs", "--setups", setups, "--no-cache")
    assert result.status == ExitStatus.DOCS_ERROR
    assert f"error[setups-unreadable]: {title}\n" in result.stdout


def test_setups_not_there_are_a_usage_error(project):
    result = run_cli("validate", "docs", "--setups", "gone.yaml")
    assert result.status == ExitStatus.USAGE
    assert result.stderr == "docextract: error: --setups: no such file: gone.yaml; check the path\n"


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ("--baseline", "cannot read the baseline fifo: is a FIFO (named pipe), not a regular file"),
        ("--es-spec", "cannot read the specification fifo: is a FIFO (named pipe), not a regular file"),
    ],
)
def test_a_fifo_named_as_a_file_to_read_is_refused_not_read_for_ever(project, option, says):
    os.mkfifo(project / "fifo")
    result = run_cli("validate", "docs", option, "fifo")
    assert result.status == ExitStatus.USAGE and says in result.stderr
