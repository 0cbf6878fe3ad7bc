"""The project's settings: the settings file nearest the inputs, applied under the command line."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from docextract.projectkeys import KEYS, OWN, PYPROJECT

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from docextract.projectfile import FileSettings

DEFAULT = "default"
COMMAND_LINE = "command line"

# The argparse dest of each key; a command without the option ignores the key.
DESTS = {
    "docs-root": "docs_root",
    "allow-include-outside-root": "allow_include_outside_root",
    "include": "include",
    "exclude": "exclude",
    "setups": "setups",
    "lenient-substitutions": "lenient_substitutions",
    "es-spec": "es_spec",
    "baseline": "baseline",
}
_DEFAULTS = {
    "allow-include-outside-root": False,
    "lenient-substitutions": False,
    "include": (),
    "exclude": (),
}
# No option sets these: every command that reads pages takes them from the file.
_FILE_ONLY = ("include", "exclude")


@dataclass(frozen=True)
class Setting:
    """One setting in force, and where it came from."""

    value: object
    origin: str  # DEFAULT, COMMAND_LINE, or the settings file and line as shown: pyproject.toml:12


@dataclass(frozen=True)
class Project:
    """The settings in force, each with where it came from."""

    file: Path | None  # the settings file read, None when none was found
    searched: tuple[Path, ...]  # the folders looked in, nearest first
    values: dict[str, Setting]  # every key of KEYS but attributes and rules
    attributes: dict[str, Setting]  # name → value, None when unset
    rules: dict[str, Setting]  # rule id → error, warning or off


def find(start: Path) -> tuple[FileSettings | None, tuple[Path, ...]]:
    """The nearest settings file from start upward, stopping at the repository's root (a folder with .git).

    In one folder docextract.toml wins over pyproject.toml, as ruff.toml does; a pyproject.toml without
    [tool.docextract] is passed over."""
    searched: list[Path] = []
    for folder in (start, *start.parents):
        searched.append(folder)
        for name in (OWN, PYPROJECT):
            found = _read(folder / name) if (folder / name).is_file() else None
            if found is not None:
                return found, tuple(searched)
        if (folder / ".git").exists():
            break
    return None, tuple(searched)


def start_folder(args: argparse.Namespace) -> Path:
    """Where the search starts: the folder of the first PATH argument (as pytest finds its rootdir),
    else the current folder."""
    paths = getattr(args, "paths", None) or ([args.path] if getattr(args, "path", None) else [])
    if not paths:
        return Path.cwd()
    value = paths[0]
    path = Path(value)
    head, _, tail = value.rpartition(":")
    if not path.exists() and tail.isdigit() and head:  # run's page.asciidoc:LINE
        path = Path(head)
    path = path.absolute()
    folder = path if path.is_dir() else path.parent
    while not folder.is_dir() and folder != folder.parent:  # a missing input: the command reports it
        folder = folder.parent
    return folder


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def load(start: Path) -> Project:
    """The settings of the file nearest start, the others at their defaults."""
    found, searched = find(start.absolute())
    values = {key: Setting(_DEFAULTS.get(key), DEFAULT) for key in KEYS if key in DESTS}
    if found is None:
        return Project(None, searched, values, {}, {})
    where = _shown(found.path)
    values |= {key: Setting(e.value, f"{where}:{e.line}") for key, e in found.values.items()}
    attributes = {name: Setting(e.value, f"{where}:{e.line}") for name, e in found.attributes.items()}
    rules = {rule: Setting(e.value, f"{where}:{e.line}") for rule, e in found.rules.items()}
    return Project(found.path, searched, values, attributes, rules)


def resolve(project: Project, args: argparse.Namespace) -> Project:
    """The project's settings under the command line: an option given wins over the file, one value
    (an attribute, a rule) at a time for -a and --rule."""
    values = dict(project.values)
    for key, dest in DESTS.items():
        given = getattr(args, dest, None)
        if key not in _FILE_ONLY and given not in (None, False):
            values[key] = Setting(given, COMMAND_LINE)
    attributes = dict(project.attributes)
    for entry in getattr(args, "attribute", None) or []:
        name, sep, value = entry.partition("=")
        if name.endswith("!") and not sep:
            attributes[name[:-1]] = Setting(None, COMMAND_LINE)
        else:
            attributes[name] = Setting(value, COMMAND_LINE)
    rules = dict(project.rules)
    for rule, severity in getattr(args, "rule", None) or []:
        rules[rule] = Setting(severity, COMMAND_LINE)
    return Project(project.file, project.searched, values, attributes, rules)


def apply(args: argparse.Namespace) -> Project:
    """Fill every option the command has and the user did not give from the settings file.

    Afterwards args holds what is in force: paths as strings (absolute when they come from the file),
    args.attribute the file's attributes before the command line's (the last of a name wins),
    args.rules a dict of rule id → severity, args.include and args.exclude the page globs, and
    args.project the settings with their origins (for `docextract config`)."""
    loaded = load(start_folder(args))
    project = resolve(loaded, args)
    for key, dest in DESTS.items():
        if key in _FILE_ONLY or hasattr(args, dest):
            value = project.values[key].value
            setattr(args, dest, str(value) if isinstance(value, Path) else value)
    if hasattr(args, "attribute"):
        from_file = [
            f"{name}!" if setting.value is None else f"{name}={setting.value}"
            for name, setting in loaded.attributes.items()
        ]
        args.attribute = from_file + list(args.attribute or [])
    args.rules = {rule: setting.value for rule, setting in project.rules.items()}
    args.project = project
    return project


@lru_cache(maxsize=64)
def _glob(pattern: str) -> re.Pattern:
    """A glob as ruff and .gitignore read one: `**` any number of folders, `*` and `?` inside a name,
    `[…]` a class (`[!…]` negated)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            inside = pattern[i + 1 : end]
            negate = inside.startswith("!")
            inside = re.sub(r"([\\^])", r"\\\1", inside[negate:])
            out.append(f"[{'^' if negate else ''}{inside}]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def matches(pattern: str, path: PurePosixPath) -> bool:
    """Whether a glob matches the path or a folder it is in. A pattern with a / is matched from the
    docs root (`indices/*.asciidoc`); one without matches a name at any depth (`migration`)."""
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.removeprefix("./").strip("/")
    regex = _glob(pattern)
    prefixes = [PurePosixPath(*path.parts[: n + 1]) for n in range(len(path.parts))]
    if anchored:
        return any(regex.fullmatch(prefix.as_posix()) for prefix in prefixes)
    return any(regex.fullmatch(part) for part in path.parts)


def selected(path: PurePosixPath, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """A page is kept when an include matches it (or there is none) and no exclude does."""
    if include and not any(matches(pattern, path) for pattern in include):
        return False
    return not any(matches(pattern, path) for pattern in exclude)


def select(
    found: list[tuple[Path, Path]],
    inputs: list[Path],
    docs_root: Path,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> list[tuple[Path, Path]]:
    """The (page, base) pairs the settings keep: globs matched against each page's path from the docs root
    (from the folder it was found in, when outside the root). A page named on the command line is kept."""
    if not include and not exclude:
        return found
    named = {path.resolve() for path in inputs if path.is_file()}
    kept = []
    for page, base in found:
        resolved = page.resolve()
        try:
            relative = resolved.relative_to(docs_root)
        except ValueError:
            relative = resolved.relative_to(base.resolve())
        if resolved in named or selected(PurePosixPath(relative.as_posix()), include, exclude):
            kept.append((page, base))
    return kept


def _read(path: Path) -> FileSettings | None:
    from docextract.projectfile import read  # checking a settings file is loaded only when there is one

    return read(path)
