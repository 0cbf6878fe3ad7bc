"""Which files changed since a git revision, for `validate --changed-since`; and the repository root."""

from __future__ import annotations

import subprocess
from pathlib import Path


class ChangesError(Exception):
    """git could not say what changed: a usage error (not a repository, an unknown revision)."""


def repository_root(start: Path) -> Path | None:
    """The folder holding .git at or above start, as GitHub and SARIF viewers name files from it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def changed_files(revision: str, docs_root: Path) -> set[str]:
    """Files changed since the merge base of revision and HEAD (what a pull request changes), the work
    tree's edits and new untracked files included; as paths relative to the docs root."""
    root = repository_root(docs_root)
    if root is None:
        raise ChangesError(f"--changed-since needs a git repository; {docs_root} is in none")
    if revision.startswith("-"):  # never let a revision be read as an option of git's
        raise ChangesError(f"--changed-since: not a revision: {revision!r}")
    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--merge-base", revision, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    found: set[str] = set()
    docs = docs_root.resolve()
    for name in (diff + untracked).split("\0"):
        if not name:
            continue
        try:
            found.add((root / name).relative_to(docs).as_posix())
        except ValueError:  # outside the docs: no page can include it
            continue
    return found


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ChangesError(f"cannot run git: {err}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise ChangesError(f"--changed-since: git {args[0]} failed: {message}")
    return done.stdout
