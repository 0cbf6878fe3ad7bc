"""Read YAML REST test files (written by `docextract tests` or by Elasticsearch) into suites."""

from __future__ import annotations

from pathlib import Path

import yaml

from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.suite import Case, Step, Suite
from docextract.syntax import yamlread
from docextract.syntax.unreadable import bad_byte, explain, open_regular

# What the framework's SetupSection and TeardownSection parse after their skip and requires sections.
_SECTION_STEPS = {"setup": ("do", "set"), "teardown": ("do",)}
_PREREQUISITES = ("skip", "requires")
_SHAPE = 'write each test as its name and a list of steps: "my test:" then "  - do: {…}" lines'


def test_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()))
        else:
            found.append(path)
    return found


def load_suite(path: Path, shown: str, diagnostics: Diagnostics) -> Suite | None:
    """The suite of one file; every step keeps the file:line it stands on."""
    try:
        with open(open_regular(path), "rb") as file:  # a FIFO named as a test file would never end
            data = file.read()
    except OSError as err:
        found = explain(err, path)
        diagnostics.error("tests-unreadable", f"the test file {found.why}", Pos(shown, 1), found.hint)
        return None
    try:
        nodes = yamlread.compose_all(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line, column = bad_byte(data, err)
        title = f"the test file is not valid UTF-8 (byte {data[err.start]:#04x})"
        diagnostics.error("tests-unreadable", title, Pos(shown, line, column), "save the file as UTF-8")
        return None
    except yaml.YAMLError as err:
        _unreadable(err, shown, diagnostics)
        return None
    cases: dict[str, Case] = {}
    tests: list[Case] = []
    for node in nodes:
        if node is None:
            continue
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            where = Pos(shown, node.start_mark.line + 1)
            diagnostics.error(
                "tests-invalid", "a test document must be one name with its list of steps", where, _SHAPE
            )
            continue
        ((name_node, steps_node),) = node.value
        name = str(name_node.value)
        pos = Pos(shown, name_node.start_mark.line + 1)
        if not isinstance(steps_node, yaml.SequenceNode):
            diagnostics.error("tests-invalid", f"`{name}` is not a list of steps", pos, _SHAPE)
            continue
        try:
            steps = tuple(
                Step(yamlread.construct(step), Pos(shown, step.start_mark.line + 1))
                for step in steps_node.value
            )
        except yaml.YAMLError as err:
            _unreadable(err, shown, diagnostics)
            continue
        case = Case(name, pos, steps, ((pos.line - 1, steps_node.end_mark.line + 1),))
        if name in _SECTION_STEPS and (wrong := _misplaced(name, steps)) is not None:
            hint = f"a {name} section holds {' and '.join(_SECTION_STEPS[name])} steps, after any skip"
            diagnostics.error("tests-invalid", wrong[0], wrong[1], hint)
            return None  # the framework refuses the whole file
        if name not in ("setup", "teardown"):
            tests.append(case)
        elif name in cases:
            hint = f"merge the steps of the two `{name}` sections into one"
            diagnostics.error(
                "tests-invalid", f"a second `{name}` section; a file has one at most", pos, hint
            )
        else:
            cases[name] = case
    return Suite(shown, shown, tuple(tests), cases.get("setup"), cases.get("teardown"))


def _unreadable(err: yaml.YAMLError, shown: str, diagnostics: Diagnostics) -> None:
    mark = getattr(err, "problem_mark", None)
    pos = Pos(shown, mark.line + 1, mark.column + 1) if mark else Pos(shown, 1)
    diagnostics.error(
        "tests-invalid",
        f"not valid YAML: {getattr(err, 'problem', err)}",
        pos,
        yamlread.hint(err, "fix the YAML: the test framework does not read the file either"),
    )


def _misplaced(section: str, steps: tuple[Step, ...]) -> tuple[str, Pos] | None:
    """A step the framework does not take in a setup or teardown section, with its line."""
    heading = True
    for step in steps:
        kind = next(iter(step.data)) if isinstance(step.data, dict) and len(step.data) == 1 else None
        if heading and kind in _PREREQUISITES:
            continue
        heading = False
        if kind not in _SECTION_STEPS[section]:
            return f"section [{kind}] not supported within {section} section", step.pos
    return None
