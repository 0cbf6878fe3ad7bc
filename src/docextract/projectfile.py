"""A settings file read: pyproject.toml's [tool.docextract] or a docextract.toml, every key checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docextract.projectkeys import (
    ATTRIBUTE_NAME_HINT,
    KEYS,
    PATHS,
    PYPROJECT,
    SettingsFileError,
    is_attribute_name,
)
from docextract.projectlines import Problem, Spot, locate, syntax_problem

_FLAGS = {"allow-include-outside-root", "lenient-substitutions"}
_GLOBS = {"include", "exclude"}
# Reported whatever a project says, and why: turned off or down, the problem would go unseen.
_FIXED_RULES = {
    "internal-error": "it reports a bug in docextract itself",
    "output-clash": "its pages are not written: turned off, they would be lost without a word",
}


@dataclass(frozen=True)
class Entry:
    """One value a settings file sets, checked, and the line it stands on."""

    value: object  # a path made absolute from the file's folder, a bool, a tuple of globs, a string or None
    line: int


@dataclass(frozen=True)
class FileSettings:
    """What one settings file sets: its keys, attributes and rules, each with its line."""

    path: Path
    values: dict[str, Entry]  # by key; attributes and rules are in their own tables
    attributes: dict[str, Entry]  # name → value, None to unset
    rules: dict[str, Entry]  # rule id → error, warning or off


def read(path: Path) -> FileSettings | None:
    """The settings the file holds; None for a pyproject.toml without [tool.docextract]."""
    text = _text(path)
    import tomllib  # only a run that finds a settings file reads TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsFileError([syntax_problem(path, text, err)], text) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "docextract")
        tool = data.get("tool")
        if not isinstance(tool, dict) or "docextract" not in tool:
            return None
        data = tool["docextract"]
    checker = _Checker(path, text, prefix)
    settings = checker.table(data)
    if checker.problems:
        raise SettingsFileError(checker.problems, text)
    return settings


def _text(path: Path) -> str:
    """The file's text; a SettingsFileError at the problem when it cannot be read, is not UTF-8, or
    opens with a byte-order mark (which TOML, and so pip and every tool that reads pyproject.toml with
    tomllib, refuses: accepting it here would hide a file the build cannot read)."""
    from docextract.syntax.unreadable import bad_byte, explain, open_regular

    try:
        with open(open_regular(path), "rb") as file:
            data = file.read()
    except OSError as err:
        found = explain(err, path)
        problem = Problem(path, 1, 1, f"the settings file {found.why}", found.hint)
        raise SettingsFileError([problem], None) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = bad_byte(data, err)
        title = f"the settings file is not UTF-8: byte {data[err.start]:#04x}"
        shown = data.decode("utf-8", "replace")
        problem = Problem(path, line, column, title, "save the file as UTF-8")
        raise SettingsFileError([problem], shown) from None
    if text.startswith("\ufeff"):
        title = "the settings file starts with a byte-order mark (U+FEFF), which TOML does not allow"
        raise SettingsFileError([Problem(path, 1, 1, title, "save the file as UTF-8 without a BOM")], None)
    return text


# TOML's types as tomllib returns them (bool before int: a bool is an int to Python); anything else is a
# date or time.
_TYPES = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (list, "an array"),
    (dict, "a table"),
)


def _type_name(value: object) -> str:
    return next((name for kind, name in _TYPES if isinstance(value, kind)), "a date or time")


def _did_you_mean(word: str, known) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean `{close[0]}`?" if close else None


class _Checker:
    """Checks the table key by key; each problem is placed on the key (or its value) it is about."""

    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]):
        self.path, self.prefix, self.spots = path, prefix, locate(text)
        self.where = "[tool.docextract]" if prefix else path.name
        self.problems: list[Problem] = []

    def spot(self, keys: tuple[str, ...]) -> Spot | None:
        path = self.prefix + keys
        if path and path not in self.spots:  # a table only named in its subtables' headers: the first
            under = [spot for found, spot in self.spots.items() if found[: len(path)] == path]
            if under:
                return min(under, key=lambda spot: spot.line)
        while path and path not in self.spots:  # a key we cannot place: the table holding it
            path = path[:-1]
        return self.spots.get(path)

    def problem(self, keys: tuple[str, ...], title: str, hint: str | None = None, on_value=False) -> None:
        spot = self.spot(keys)
        if spot is None:
            self.problems.append(Problem(self.path, 1, 1, title, hint))
        elif on_value:
            self.problems.append(
                Problem(self.path, spot.line, spot.value_column, title, hint, spot.value_span)
            )
        else:
            self.problems.append(Problem(self.path, spot.line, spot.column, title, hint, spot.span))

    def line(self, keys: tuple[str, ...]) -> int:
        spot = self.spot(keys)
        return spot.line if spot else 1

    def table(self, data: object) -> FileSettings:
        found = FileSettings(self.path, {}, {}, {})
        if not isinstance(data, dict):
            self.problem((), f"{self.where} must be a table, not {_type_name(data)}", on_value=True)
            return found
        for key, value in data.items():
            if key == "tool" and not self.prefix:
                title = f"{self.path.name} holds the settings at its top level, not in a [tool.…] table"
                hint = "move the keys of [tool.docextract] to the top of the file and remove its header"
                self.problem((key,), title, hint)
            elif key not in KEYS:
                hint = _did_you_mean(key, KEYS) or f"the keys are {', '.join(KEYS)}"
                self.problem((key,), f"unknown setting `{key}` in {self.where}", hint)
            elif key == "attributes":
                found.attributes.update(self.attributes(value))
            elif key == "rules":
                found.rules.update(self.rules(value))
            else:
                checked = self.value(key, value)
                if checked is not _WRONG:
                    found.values[key] = Entry(checked, self.line((key,)))
        return found

    def value(self, key: str, value: object) -> object:
        if key in _FLAGS:
            return self.typed(key, value, bool, f"true or false, unquoted: {key} = true")
        if key in _GLOBS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                shown = _type_name(value) if not isinstance(value, list) else "an array holding other values"
                hint = f'a list of globs relative to the docs root: {key} = ["**/migration/**"]'
                self.problem(
                    (key,), f"`{key}` must be an array of non-empty strings, not {shown}", hint, True
                )
                return _WRONG
            return tuple(value)
        text = self.typed(key, value, str, f'a path relative to {self.path.name}\'s folder: {key} = "…"')
        if text is _WRONG:
            return _WRONG
        if not text:
            self.problem((key,), f"`{key}` is empty", "give a path, or leave the key out", on_value=True)
            return _WRONG
        path = self.path.parent / text
        must = PATHS[key]
        missing = {
            "folder": not path.is_dir(),
            "file": not path.is_file(),
            "file or folder": not path.exists(),
        }.get(must, False)
        if missing:
            hint = f"paths in {self.path.name} are relative to its folder, {self.path.parent}"
            self.problem((key,), f"`{key}`: no such {must}: {text}", hint, on_value=True)
            return _WRONG
        return path

    def typed(self, key: str, value: object, kind: type, wanted: str) -> object:
        if isinstance(value, kind):
            return value
        wanted_type = next(name for known, name in _TYPES if known is kind)
        self.problem((key,), f"`{key}` must be {wanted_type}, not {_type_name(value)}", wanted, True)
        return _WRONG

    def attributes(self, value: object) -> dict[str, Entry]:
        if not isinstance(value, dict):
            hint = 'a table of names and values: attributes = { release-state = "released" }'
            self.problem(
                ("attributes",), f"`attributes` must be a table, not {_type_name(value)}", hint, True
            )
            return {}
        found = {}
        for name, setting in value.items():
            keys = ("attributes", name)
            if not is_attribute_name(name):
                self.problem(keys, f"`{name}` is not an attribute name", ATTRIBUTE_NAME_HINT)
            elif setting is False:
                found[name] = Entry(None, self.line(keys))
            elif isinstance(setting, str):
                found[name] = Entry(setting, self.line(keys))
            else:
                hint = 'a string sets it (quote numbers: version = "8.10"), false unsets it'
                if setting is True:
                    hint = f'set it to a string ({name} = "" for an empty value), or false to unset it'
                title = f"attribute `{name}` must be a string or false, not {_type_name(setting)}"
                self.problem(keys, title, hint, on_value=True)
        return found

    def rules(self, value: object) -> dict[str, Entry]:
        if not isinstance(value, dict):
            hint = 'a table of rule ids and severities: rules = { mismatched-endif = "error" }'
            self.problem(("rules",), f"`rules` must be a table, not {_type_name(value)}", hint, True)
            return {}
        found = {}
        for rule_id, severity in value.items():
            keys = ("rules", rule_id)
            wrong = rule_problem(rule_id, severity)
            if wrong is not None:
                title, hint, on_value = wrong
                self.problem(keys, title, hint, on_value)
            else:
                found[rule_id] = Entry(severity, self.line(keys))
        return found


_WRONG = object()  # a value that was reported


def rule_problem(rule_id: str, severity: object) -> tuple[str, str, bool] | None:
    """What is wrong with setting a rule to a severity: title, hint, and whether the value is at fault."""
    from docextract import rules  # the catalogue loads only when a setting names a rule

    if rule_id in _FIXED_RULES:
        return f"`{rule_id}` cannot be changed", _FIXED_RULES[rule_id], False
    if rule_id not in rules.BY_ID:
        hint = _did_you_mean(rule_id, rules.BY_ID) or "a rule id is a problem's code, as in error[ID]"
        return f"unknown rule `{rule_id}`", hint, False
    if severity not in rules.SEVERITIES:
        wanted = f"a rule is {', '.join(rules.SEVERITIES[:-1])} or {rules.SEVERITIES[-1]}"
        close = _did_you_mean(severity, rules.SEVERITIES) if isinstance(severity, str) else None
        shown = f"`{severity}`" if isinstance(severity, str) else _type_name(severity)
        return (
            f"{shown} is not a severity (rule `{rule_id}`)",
            f"{close} ({wanted})" if close else wanted,
            True,
        )
    return None
