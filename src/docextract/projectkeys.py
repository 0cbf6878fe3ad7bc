"""The settings file's names, its keys and its error: what every command needs before it knows whether
there is a settings file to read (projectfile reads one, and is loaded only then)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without loading typing: see docs/ARCHITECTURE.md, Start-up
if TYPE_CHECKING:
    from docextract.projectlines import Problem

PYPROJECT = "pyproject.toml"
OWN = "docextract.toml"

# The keys in the order `docextract config` shows them.
KEYS = (
    "docs-root",
    "attributes",
    "allow-include-outside-root",
    "include",
    "exclude",
    "setups",
    "lenient-substitutions",
    "es-spec",
    "baseline",
    "rules",
)
# Paths, and what must stand there when the file is read (a baseline may not exist yet).
PATHS = {"docs-root": "folder", "setups": "file", "es-spec": "file or folder", "baseline": None}
PATH_KEYS = tuple(PATHS)


ATTRIBUTE_NAME_HINT = "letters, digits, _ and -, not first a -"


def is_attribute_name(name: str) -> bool:
    """Whether -a and the settings file's [attributes] take the name (one rule for both)."""
    return name[:1] not in ("", "-") and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)


class SettingsFileError(Exception):
    """A settings file (or another file the settings name, such as a baseline) that cannot be used:
    every problem in it, shown compiler-style; status USAGE."""

    def __init__(self, problems: list[Problem], text: str | None):
        super().__init__(problems[0].title)
        self.problems, self.text = problems, text

    def render(self) -> str:
        from docextract.projectlines import render

        return "".join(render(problem, self.text) for problem in self.problems)
