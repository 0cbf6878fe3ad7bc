"""The command line, run in-process: outputs, exit statuses, error formats, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SEED, run_cli, write_tree
from docextract.cli import COMMANDS
from docextract.exitstatus import ExitStatus

GOOD = "[[p]]\n=== Page\n\nSummary.\n\n[source,console]\n----\nGET /\n----\n"
BAD = "[[q]]\n=== Broken\n\n[source,console]\n----\nGET /\n----\n// TEST[contnued]\n"


@pytest.fixture
def tree(tmp_path):
    write_tree(tmp_path, {"docs/a.asciidoc": GOOD, "docs/sub/b.adoc": GOOD, "docs/notes.txt": "not a page"})
    return tmp_path / "docs"


def test_a_page_goes_to_stdout_as_yaml(tree):
    result = run_cli("convert", str(tree / "a.asciidoc"))
    assert result.status == ExitStatus.OK
    assert yaml.safe_load(result.stdout)["title"] == "Page"
    assert "1 page: 0 errors, 0 warnings" in result.stderr


def test_a_folder_becomes_a_tree_of_files(tree, tmp_path):
    out = tmp_path / "out"
    result = run_cli("convert", str(tree), "-o", str(out))
    assert result.status == ExitStatus.OK
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".docextract-manifest.json",
        "a.yaml",
        "sub",
        "sub/b.yaml",
    ]
    assert yaml.safe_load((out / "sub/b.yaml").read_text())["source"] == "sub/b.adoc"
    assert "wrote 2" in result.stderr


def test_a_folder_without_output_is_a_yaml_stream_or_a_json_array(tree):
    assert len(list(yaml.safe_load_all(run_cli("convert", str(tree)).stdout))) == 2
    assert len(json.loads(run_cli("convert", str(tree), "--format", "json").stdout)) == 2


def test_docs_errors_are_compiler_style_and_exit_with_docs_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # positions are shown relative to where the user stands
    write_tree(tmp_path, {"bad.asciidoc": BAD, "good.asciidoc": GOOD})
    result = run_cli("convert", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.status == ExitStatus.DOCS_ERROR
    assert "error[annotation-syntax]: unknown option `contnued`" in result.stderr
    assert " --> bad.asciidoc:8:9" in result.stderr
    assert "8 | // TEST[contnued]" in result.stderr
    assert "= hint: did you mean `continued`?" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "good.yaml").is_file() and (tmp_path / "out" / "bad.yaml").is_file()


def test_json_and_github_error_formats(tmp_path):
    write_tree(tmp_path, {"bad.asciidoc": BAD})
    as_json = run_cli("convert", str(tmp_path / "bad.asciidoc"), "--error-format", "json", "-q")
    (record,) = [json.loads(line) for line in as_json.stderr.splitlines()]
    assert record["code"] == "annotation-syntax" and (record["file"], record["line"], record["column"]) == (
        "bad.asciidoc",
        8,
        9,
    )
    github = run_cli("convert", str(tmp_path / "bad.asciidoc"), "--error-format", "github", "-q")
    line = github.stderr.strip()
    assert (
        line.startswith("::error file=")
        and ",line=8,endLine=8,col=9,title=unknown option `contnued`::" in line
    )


def test_quiet_hides_warnings_and_the_summary(tmp_path):
    write_tree(tmp_path, {"warn.asciidoc": "[source,console]\n----\nGET /\n"})
    result = run_cli("convert", str(tmp_path / "warn.asciidoc"), "-q")
    assert result.status == ExitStatus.OK and result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["convert", "does/not/exist.asciidoc"], "no such file or folder"),
        (["convert", str(SEED), "--docs-root", "no/such/dir"], "--docs-root is not a folder"),
        (["convert", str(SEED), "-a", "=x"], "give NAME=VALUE"),
        # The name the settings file's [attributes] refuses, -a refuses too, with the same hint.
        (["convert", str(SEED), "-a", "a b=c"], "`a b` is not an attribute name (letters, digits, _ and -"),
        (["config", "-a", "a/b!"], "`a/b` is not an attribute name"),
    ],
)
def test_usage_errors(args, message, capsys):
    result = run_cli(*args)
    assert result.status == ExitStatus.USAGE
    said = result.stderr + capsys.readouterr().err  # argparse writes its own errors to sys.stderr
    assert message in said and "Traceback" not in said


def test_unknown_option_is_a_usage_error(capsys):
    assert run_cli("convert", "--frobnicate").status == ExitStatus.USAGE


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help_with_examples(command, capsys):
    assert run_cli(command, "--help").status == ExitStatus.OK
    assert "examples:" in capsys.readouterr().out


def test_an_internal_error_loses_no_other_page_and_shows_no_traceback(tmp_path, monkeypatch):
    write_tree(tmp_path, {"a.asciidoc": GOOD, "b.asciidoc": GOOD})
    from docextract.pages import Readers

    real = Readers.read

    def flaky(self, path, *args, **kwargs):
        if Path(path).name == "a.asciidoc":
            raise RuntimeError("boom")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(Readers, "read", flaky)
    result = run_cli("convert", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.status == ExitStatus.INTERNAL_ERROR
    assert "docextract failed on this page: RuntimeError('boom')" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "b.yaml").is_file()
    traced = run_cli("convert", str(tmp_path), "--traceback")
    assert traced.status == ExitStatus.INTERNAL_ERROR
    assert "Traceback (most recent call last)" in traced.stderr and "RuntimeError: boom" in traced.stderr


def test_help_is_wrapped_to_the_terminal_width_from_columns():

    def usage(columns: str) -> list[str]:
        environ = {**os.environ, "COLUMNS": columns}
        done = subprocess.run(
            [sys.executable, "-m", "docextract", "convert", "--help"],
            env=environ,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split("\n\n")[0].splitlines()

    narrow, wide = usage("50"), usage("250")
    # Options are wrapped one group per line when narrow (a single option may stand out).
    assert len(narrow) > 6 and sum(len(line) <= 50 for line in narrow) > len(narrow) / 2
    assert len(wide) <= 3 and len(wide[0]) > 200


def test_each_command_module_is_filed_under_its_own_name():
    from docextract.cli import command_module

    assert {name: command_module(name).NAME for name in COMMANDS} == {name: name for name in COMMANDS}


def test_the_top_help_lists_every_command_and_a_mistyped_one_names_them(capsys):
    assert run_cli("--help").status == ExitStatus.OK
    listed = capsys.readouterr().out
    assert all(f"    {name} " in listed for name in COMMANDS)
    assert run_cli("conver", "docs").status == ExitStatus.USAGE
    error = capsys.readouterr().err
    assert "invalid choice: 'conver'" in error and all(repr(name) in error for name in COMMANDS)


def test_a_command_named_after_another_gets_its_own_options():
    """Only the named command's options are built: the first word that is a command's name decides."""
    from docextract.cli import build_parser

    args = build_parser(["run", "convert", "--user", "elastic"]).parse_args(
        ["run", "convert", "--user", "elastic"]
    )
    assert args.paths == ["convert"] and args.user == "elastic"


def test_an_internal_error_names_its_page_once_even_when_the_page_is_gone(tmp_path, monkeypatch):
    # A page's position is relative to the docs root; a path as given (from the current folder) named
    # the docs root twice when the file was no longer there to be found.
    write_tree(tmp_path, {"docs/index.asciidoc": GOOD, "docs/sub/a.asciidoc": GOOD})
    from docextract.pages import Readers

    def broken(self, path, *args, **kwargs):
        Path(path).unlink()
        raise RuntimeError("boom")

    monkeypatch.setattr(Readers, "read", broken)
    monkeypatch.chdir(tmp_path)
    for command in ("convert", "validate"):
        write_tree(tmp_path, {"docs/sub/a.asciidoc": GOOD})
        result = run_cli(command, "docs/sub", "--no-cache")
        assert result.status == ExitStatus.INTERNAL_ERROR
        assert " --> docs/sub/a.asciidoc:1:1\n" in result.stdout + result.stderr
