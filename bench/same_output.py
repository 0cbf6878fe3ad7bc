"""Check that a change leaves docextract's output alone: run the same commands with two versions of the
code, on samples/ and on the shared corpus, and compare what they print, write and return.

    python bench/same_output.py                      # HEAD against the working tree
    python bench/same_output.py --base REV           # REV against the working tree
    python bench/same_output.py --base A --head B    # two revisions
    python bench/same_output.py --only samples       # skip the corpus commands

Each version runs from a copy of its src/docextract and grammars/ (taken with `git archive`, or from
the working tree), with this interpreter and its installed dependencies. What varies from run to run
is blanked (seconds in the text and the reports, the embedded cluster's ports and pid, the
milliseconds a search took); everything else must be byte for byte equal.
Prints one line per command and the first differing lines; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

MANIFEST = ".docextract-manifest.json"
REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DOCEXTRACT_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "es-docs" / "docs" / "reference"
GRADLE = SHARED / "corpus" / "es-docs" / "docs" / "build.gradle"
SAMPLES = REPO / "samples"
SETUPS = SAMPLES / "setups.yaml"
FAILING = REPO / "tests" / "pages" / "failing"

# (name, group, arguments); "out/…" paths are relative to the folder the command runs in.
COMMANDS = [
    ("convert-samples", "samples", ["convert", SAMPLES, "-o", "out/pages"]),
    ("convert-samples-json", "samples", ["convert", SAMPLES, "--format", "json", "-j", "1"]),
    ("tests-samples", "samples", ["tests", SAMPLES, "-o", "out/rest", "--setups", SETUPS]),
    ("list-samples", "samples", ["list", SAMPLES, "--setups", SETUPS]),
    ("list-samples-json", "samples", ["list", SAMPLES, "--setups", SETUPS, "--format", "json"]),
    (
        "run-samples",
        "samples",
        ["run", SAMPLES, "--setups", SETUPS, "--json", "out/r.json", "--junit", "out/r.xml", "-v"],
    ),
    ("run-failing", "samples", ["run", FAILING, "--json", "out/r.json", "--junit", "out/r.xml"]),
    ("convert-corpus", "corpus", ["convert", CORPUS, "-o", "out/pages"]),
    (
        "convert-corpus-outside",
        "corpus",
        ["convert", CORPUS, "-o", "out/pages", "--allow-include-outside-root", "--error-format", "json"],
    ),
    ("convert-corpus-github", "corpus", ["convert", CORPUS, "-o", "out/pages", "--error-format", "github"]),
    ("tests-corpus", "corpus", ["tests", CORPUS, "-o", "out/rest", "--setups", GRADLE]),
    ("tests-corpus-plain", "corpus", ["tests", CORPUS, "-o", "out/rest", "--lenient-substitutions"]),
    ("list-corpus-json", "corpus", ["list", CORPUS, "--setups", GRADLE, "--format", "json"]),
    (
        "run-corpus",
        "corpus",
        ["run", CORPUS, "--setups", GRADLE, "--json", "out/r.json", "--junit", "out/r.xml", "-v"],
    ),
]

_TIMINGS = [
    (re.compile(r'"seconds": [0-9.e-]+'), '"seconds": 0'),
    (re.compile(r'time="[0-9.]+"'), 'time="0"'),
    (re.compile(r"tests? in [0-9.]+ s"), "tests in 0 s"),
    (re.compile(r"\([0-9.]+ s\)"), "(0 s)"),
    # The embedded cluster serves each test's clone on a port of its own.
    (re.compile(r"127\.0\.0\.1:[0-9]+"), "127.0.0.1:PORT"),
    (re.compile(r"osmem-node [0-9]+"), "osmem-node PID"),  # _cat/nodeattrs shows the server's pid
    (re.compile(r'(\\?"took\\?": ?)[0-9]+'), r"\g<1>0"),  # the milliseconds a search took, in responses
]


def _blank_timings(text: str) -> str:
    for pattern, replacement in _TIMINGS:
        text = pattern.sub(replacement, text)
    return text


def package_from_tree(target: Path) -> Path:
    """The working tree's package, laid out as installed (grammars inside it)."""
    shutil.copytree(REPO / "src" / "docextract", target / "docextract")
    shutil.copytree(REPO / "grammars", target / "docextract" / "grammars")
    return target


def package_from_rev(rev: str, target: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "src/docextract", "grammars"],
        capture_output=True,
        check=True,
    ).stdout
    unpacked = target.parent / f"{target.name}-git"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(unpacked, filter="data")
    shutil.copytree(unpacked / "src" / "docextract", target / "docextract")
    shutil.copytree(unpacked / "grammars", target / "docextract" / "grammars")
    return target


def run(package: Path, workdir: Path, arguments: list) -> dict[str, str]:
    """Run one command; return its stdout, stderr, status and every file it wrote, timings blanked."""
    (workdir / "out").mkdir(parents=True)  # reports go in it: a missing folder is a usage error
    environ = {**os.environ, "PYTHONPATH": str(package), "DOCEXTRACT_NO_CACHE": "1"}
    environ.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "docextract", *map(str, arguments)],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=environ,
    )
    found = {"status": str(done.returncode), "stdout": done.stdout, "stderr": done.stderr}
    for path in sorted(p for p in workdir.rglob("*") if p.is_file()):
        text = path.read_text("utf-8", "replace")
        found[f"file {path.relative_to(workdir)}"] = _manifest(text) if path.name == MANIFEST else text
    return {key: _blank_timings(value) for key, value in found.items()}


def _manifest(text: str) -> str:
    """An output folder's manifest by what it says (layout and the files' statuses, which differ from
    one run to the next, left out)."""
    try:
        document = json.loads(text)
        for entry in document["files"].values():
            entry.pop("status", None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return text
    return json.dumps(document, indent=1, sort_keys=True)


def compare(name: str, base: dict[str, str], head: dict[str, str]) -> list[str]:
    problems = []
    for key in sorted(base.keys() | head.keys()):
        if key not in head or key not in base:
            problems.append(f"  {key}: only in {'base' if key in base else 'head'}")
            continue
        if base[key] != head[key]:
            diff = difflib.unified_diff(
                base[key].splitlines(), head[key].splitlines(), "base", "head", lineterm="", n=1
            )
            problems.append(f"  {key} differs:")
            problems.extend(f"    {line}" for line in list(diff)[2:14])
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="HEAD", help="the revision to compare against (default HEAD)")
    parser.add_argument("--head", help="a revision to compare (default: the working tree)")
    parser.add_argument("--only", choices=("samples", "corpus"), help="run one group of commands")
    args = parser.parse_args()
    if not CORPUS.is_dir() and args.only != "samples":
        parser.error(f"the shared corpus is missing: {CORPUS} (set DOCEXTRACT_SHARED, or --only samples)")
    with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
        root = Path(scratch)
        # Both versions run at the same depth, so that paths relative to the working folder are equal.
        base = package_from_rev(args.base, root / "base" / "pkg")
        head = package_from_rev(args.head, root / "head" / "pkg") if args.head else None
        head = head or package_from_tree(root / "head" / "pkg")
        failed = 0
        for name, group, arguments in COMMANDS:
            if args.only and group != args.only:
                continue
            problems = compare(
                name,
                run(base, root / "base" / name, arguments),
                run(head, root / "head" / name, arguments),
            )
            print(f"{'same' if not problems else 'DIFFERENT'}  {name}")
            for line in problems:
                print(line)
            failed += bool(problems)
    print(f"{failed} of the commands differ" if failed else "every command gives the same output")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
