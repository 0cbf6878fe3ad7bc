"""Read a setups file: Elasticsearch's docs/build.gradle (gradle/), or docextract's own YAML format."""

from __future__ import annotations

from pathlib import Path

from docextract.diagnostics import Diagnostics
from docextract.gradle import read_gradle
from docextract.position import Pos
from docextract.setups import NamedSetup, Setups


def read_setups(path: Path, diagnostics: Diagnostics, shown: str | None = None) -> Setups:
    """--setups FILE: Elasticsearch's docs/build.gradle, or a YAML file of our own format (README).

    shown names the file in positions (relative to the docs root, as pages are, so that a baseline or
    a SARIF log made on one machine holds on another); the path as given by default."""
    from docextract.syntax.unreadable import explain, open_regular

    shown = shown or str(path)
    try:
        with open(open_regular(path), "rb") as file:  # never a FIFO or a device
            data = file.read()
    except OSError as err:
        found = explain(err, path)
        diagnostics.error("setups-unreadable", f"the setups file {found.why}", Pos(shown, 1), found.hint)
        return Setups()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[data.rfind(b"\n", 0, err.start) + 1 : err.start].decode("utf-8", "replace")) + 1
        title = f"the setups file is not UTF-8: byte {data[err.start]:#04x}"
        diagnostics.error("setups-unreadable", title, Pos(shown, line, column), "save the file as UTF-8")
        return Setups()
    if path.suffix == ".gradle":
        return read_gradle(text, shown, diagnostics)
    return _read_yaml(text, shown, diagnostics)


def _read_yaml(text: str, file: str, diagnostics: Diagnostics) -> Setups:
    """setups: {name: [steps…]}, teardowns: {name: [steps…]}, expected_unconverted: [paths…]."""
    import yaml  # here: a build.gradle (whose setups are cached) needs no YAML reader

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file, 1)
        title = f"not valid YAML: {getattr(err, 'problem', None) or err}"
        diagnostics.error("setups-invalid", title, pos, "mend the YAML at the caret; " + _FORMAT_HINT)
        return Setups()
    if root is None:
        return Setups()
    if not isinstance(root, yaml.MappingNode):
        diagnostics.error(
            "setups-invalid", "expected a mapping with setups:, teardowns:", Pos(file, 1), _FORMAT_HINT
        )
        return Setups()
    found: dict[str, dict[str, NamedSetup]] = {"setups": {}, "teardowns": {}}
    expected: tuple[str, ...] | None = None
    for key_node, value_node in root.value:
        key = key_node.value
        where = Pos(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key == "expected_unconverted":
            expected = tuple(str(item) for item in (yaml.safe_load(yaml.serialize(value_node)) or []))
        elif key in found and isinstance(value_node, yaml.MappingNode):
            for name_node, steps_node in value_node.value:
                steps = yaml.safe_load(yaml.serialize(steps_node))
                pos = Pos(file, name_node.start_mark.line + 1, name_node.start_mark.column + 1)
                if not isinstance(steps, list):
                    diagnostics.error(
                        "setups-invalid", f"`{name_node.value}` is not a list of steps", pos, _FORMAT_HINT
                    )
                    continue
                found[key][name_node.value] = NamedSetup(name_node.value, fragment_text(steps), pos)
        elif key in found:
            diagnostics.error(
                "setups-invalid", f"`{key}` must be a mapping of names to lists of steps", where, _FORMAT_HINT
            )
        else:
            diagnostics.error("setups-invalid", f"unknown key `{key}`", where, _FORMAT_HINT)
    return Setups(found["setups"], found["teardowns"], expected)


_FORMAT_HINT = "the format is setups: {NAME: [steps]}, teardowns: {NAME: [steps]} (see the README)"


def fragment_text(steps: list) -> str:
    """Steps as a named setup's text: list items indented by two spaces, as build.gradle writes them."""
    import yaml

    dumped = yaml.safe_dump(steps, default_flow_style=False, sort_keys=False, allow_unicode=True, width=1000)
    return "\n" + "".join(f"  {line}\n" for line in dumped.splitlines())
