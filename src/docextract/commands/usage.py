"""Usage errors, and those that say where a wrong file was named: an option, a settings file's line,
a link that leads nowhere."""

from __future__ import annotations

import argparse
from pathlib import Path


class UsageError(Exception):
    """A wrong command line: reported in one line, exit status USAGE."""


def option_error(args: argparse.Namespace, key: str, title: str, hint: str) -> Exception:
    """An error about the file a setting names, blamed where it was set: on the command line (--key), or
    at its value in the settings file (the user may never have typed the option)."""
    found = getattr(args, "project", None)
    setting = found.values.get(key) if found is not None else None
    if found is None or found.file is None or setting is None or ":" not in setting.origin:
        return UsageError(f"--{key}: {title}; {hint}")
    from docextract.projectkeys import PYPROJECT, SettingsFileError
    from docextract.projectlines import Problem, locate

    text = found.file.read_text("utf-8")  # read whole moments ago
    prefix = ("tool", "docextract") if found.file.name == PYPROJECT else ()
    spot = locate(text).get((*prefix, key))
    line = int(setting.origin.rpartition(":")[2])
    column, span = (spot.value_column, spot.value_span) if spot else (1, 1)
    return SettingsFileError([Problem(found.file, line, column, f"{key}: {title}", hint, span)], text)


def no_such_path(path: Path | str) -> UsageError:
    """The error for an input that is not there: a link that leads nowhere says so."""
    from docextract.syntax.unreadable import check

    found = check(path)
    if found is None or found.missing:
        return UsageError(f"no such file or folder: {path}")
    return UsageError(f"{path} {found.why} ({found.hint})")
