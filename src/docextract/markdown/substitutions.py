"""`{{name}}` substitutions: the `subs:` of the docset file above the page, and the page's own `sub:`.

They apply to prose; inside a code block only when its fence says `subs=true` (as in docs-builder).
A name nobody defines is left as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docextract.diagnostics import Diagnostics
from docextract.markdown import DOCSET_NAMES
from docextract.position import Pos
from docextract.syntax import unreadable, yamlread

_REFERENCE = re.compile(r"\{\{([^{}\s]+)\}\}")


@dataclass(frozen=True)
class Substitutions:
    """The `{{name}}` values a page is read with: its docset's `subs:`, then its own `sub:`."""

    values: dict[str, str] = field(default_factory=dict)

    def apply(self, text: str) -> str:
        if "{{" not in text or not self.values:
            return text
        return _REFERENCE.sub(lambda match: self.values.get(match.group(1), match.group(0)), text)

    def with_page(self, page: object) -> Substitutions:
        """These and a page's front matter `sub:` (which wins)."""
        if not isinstance(page, dict) or not page:
            return self
        return Substitutions({**self.values, **{str(k): str(v) for k, v in page.items()}})


def find_docset(folder: Path) -> Path | None:
    """The docset file of the nearest folder at or above folder, not leaving the repository."""
    for candidate in (folder, *folder.parents):
        for name in DOCSET_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        if (candidate / ".git").exists():
            return None
    return None


class Docsets:
    """The substitutions of each docset file, read once a run; a broken file is reported once."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path | None] = {}
        self._read: dict[Path, Substitutions] = {}

    def for_page(self, page: Path, display, diagnostics: Diagnostics) -> Substitutions:
        folder = page.parent
        if folder not in self._folders:
            self._folders[folder] = find_docset(folder)
        docset = self._folders[folder]
        if docset is None:
            return Substitutions()
        if docset not in self._read:
            self._read[docset] = _read(docset, display(docset), diagnostics)
        return self._read[docset]


def _read(path: Path, shown: str, diagnostics: Diagnostics) -> Substitutions:
    def problem(title: str, line: int, column: int = 1, hint: str | None = None) -> Substitutions:
        diagnostics.warning(
            "docset-invalid",
            title,
            Pos(shown, line, column),
            hint or "fix the file: without it, every {{name}} of the docs stays as written",
        )
        return Substitutions()

    try:
        data = yamlread.load(unreadable.read_regular(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return problem(f"the docset file cannot be read: {err}", 1)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return problem(
            f"the docset file is not YAML: {getattr(err, 'problem', err)}",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            getattr(err, "hint", None),
        )
    subs = data.get("subs") if isinstance(data, dict) else None
    if subs is None:
        return Substitutions()
    if not isinstance(subs, dict):
        return problem("`subs:` of the docset file is not a mapping of names to values", 1)
    return Substitutions({str(k): "" if v is None else str(v) for k, v in subs.items()})
