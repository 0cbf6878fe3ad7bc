"""Read YAML REST test files (written by `docextract tests` or by Elasticsearch) into suites."""

from __future__ import annotations

from pathlib import Path

import yaml

from docextract.diagnostics import Diagnostics
from docextract.model import Pos
from docextract.testgen.suite import Section, Step, Suite

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        text = path.read_text(encoding="utf-8")
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except (OSError, UnicodeDecodeError) as err:
        diagnostics.error("tests-unreadable", f"cannot read {shown}: {err}", Pos(shown, 1))
        return None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        pos = Pos(shown, mark.line + 1, mark.column + 1) if mark else Pos(shown, 1)
        diagnostics.error("tests-invalid", f"not valid YAML: {getattr(err, 'problem', err)}", pos)
        return None
    suite = Suite(shown, shown)
    constructor = yaml.constructor.SafeConstructor()
    for node in nodes:
        if node is None:
            continue
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            where = Pos(shown, node.start_mark.line + 1)
            diagnostics.error(
                "tests-invalid", "a test document must be one name with its list of steps", where
            )
            continue
        ((name_node, steps_node),) = node.value
        name = str(name_node.value)
        kind = name if name in ("setup", "teardown") else "test"
        section = Section(kind, name, Pos(shown, name_node.start_mark.line + 1))
        if not isinstance(steps_node, yaml.SequenceNode):
            diagnostics.error("tests-invalid", f"`{name}` is not a list of steps", section.pos)
            continue
        for step_node in steps_node.value:
            data = constructor.construct_document(step_node)
            section.steps.append(Step(_kind(data), "", [data], Pos(shown, step_node.start_mark.line + 1)))
        section.add_snippet(section.pos, steps_node.end_mark.line + 1)
        suite.sections.append(section)
    return suite


def _kind(data) -> str:
    return next(iter(data)) if isinstance(data, dict) and data else "step"
