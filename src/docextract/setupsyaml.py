"""docextract's own YAML setups file: named setups and teardowns, and the pages left unconverted."""

from __future__ import annotations

import yaml

from docextract.diagnostics import Diagnostics
from docextract.position import Pos
from docextract.setups import NamedSetup, Setups
from docextract.syntax import yamlread


def read_yaml(text: str, file: str, diagnostics: Diagnostics) -> Setups:
    """setups: {name: [steps…]}, teardowns: {name: [steps…]}, expected_unconverted: [paths…]."""

    def at(node) -> Pos:
        return Pos(file, node.start_mark.line + 1, node.start_mark.column + 1)

    def invalid(title: str, node, hint: str = _FORMAT_HINT) -> None:
        diagnostics.error("setups-invalid", title, at(node), hint)

    def unreadable(err: yaml.YAMLError) -> None:
        mark = getattr(err, "problem_mark", None)
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file, 1)
        problem = getattr(err, "problem", err)
        diagnostics.error(
            "setups-invalid", f"not valid YAML: {problem}", pos, yamlread.hint(err, _FORMAT_HINT)
        )

    try:
        root = yamlread.compose(text)
    except yaml.YAMLError as err:
        unreadable(err)
        return Setups()
    if root is None:
        return Setups()
    if not isinstance(root, yaml.MappingNode):
        invalid("expected a mapping with setups:, teardowns:", root)
        return Setups()
    found: dict[str, dict[str, NamedSetup]] = {"setups": {}, "teardowns": {}}
    expected: tuple[str, ...] | None = None
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key == "expected_unconverted":
            expected = _paths(value_node, invalid)
        elif key in found and isinstance(value_node, yaml.MappingNode):
            for name_node, steps_node in value_node.value:
                if not isinstance(name_node, yaml.ScalarNode):
                    invalid(f"a name in `{key}` is not a string", name_node)
                    continue
                steps = _steps(steps_node, invalid, unreadable)
                if steps is None:
                    invalid(f"`{name_node.value}` is not a list of steps", name_node)
                elif steps is not False:
                    found[key][name_node.value] = NamedSetup(
                        name_node.value, fragment_text(steps), at(name_node)
                    )
        elif key in found:
            invalid(f"`{key}` must be a mapping of names to lists of steps", key_node)
        elif key is None:
            invalid("a key of the file is not a string", key_node)
        else:
            invalid(f"unknown key `{key}`", key_node)
    return Setups(found["setups"], found["teardowns"], expected)


def _paths(node, invalid) -> tuple[str, ...] | None:
    """expected_unconverted: a list of page paths (null or empty: none)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        invalid("`expected_unconverted` must be a list of page paths", node, _PATHS_HINT)
        return None
    paths = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and item.tag != _NULL:
            paths.append(item.value)  # as written: a path is text, whatever YAML would read it as
        else:
            invalid("an `expected_unconverted` entry is not a page path", item, _PATHS_HINT)
    return tuple(paths)


def _steps(node, invalid, unreadable) -> list | bool | None:
    """The steps of a named setup; None when it is no list, False when a step is wrong (reported)."""
    if not isinstance(node, yaml.SequenceNode):
        return None
    steps = []
    for step_node in node.value:
        try:
            step = yamlread.construct(step_node)
        except yaml.YAMLError as err:
            unreadable(err)
            steps = False
            continue
        problem = _step_problem(step)
        if problem is not None:
            invalid(problem, step_node, _STEP_HINT)
            steps = False
        elif steps is not False:
            steps.append(step)
    return steps


def _step_problem(step: object) -> str | None:
    """Why a step is not one the test framework reads: a mapping of one section name to its content."""
    if not isinstance(step, dict) or len(step) != 1 or not isinstance(next(iter(step)), str):
        return "a step must be one section name and its content, such as `do: {…}`"
    if "do" in step and not isinstance(step["do"], dict):
        return "`do:` must be a mapping: the API to call and its arguments"
    return None


_NULL = "tag:yaml.org,2002:null"
_FORMAT_HINT = "the format is setups: {NAME: [steps]}, teardowns: {NAME: [steps]} (see the README)"
_PATHS_HINT = "write expected_unconverted: [path/of/page.asciidoc, …], each path as a string"
_STEP_HINT = "write each step as a YAML REST test writes it: `- do: {indices.create: {index: my-index}}`"


def fragment_text(steps: list) -> str:
    """Steps as a named setup's text: list items indented by two spaces, as build.gradle writes them."""
    dumped = yaml.safe_dump(steps, default_flow_style=False, sort_keys=False, allow_unicode=True, width=1000)
    return "\n" + "".join(f"  {line}\n" for line in dumped.splitlines())
