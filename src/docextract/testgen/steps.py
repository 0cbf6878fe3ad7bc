"""Step texts laid out as Elasticsearch's generator writes them, with safe quoting.

The reference writes values between double quotes without escaping them; YAML then reads escapes
in them. docextract computes what the reference's text loads as and writes that value quoted
properly, so the loaded tests are equal, and a value that would break the reference's YAML is
reported instead of written broken.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from docextract.position import Pos
from docextract.suite import Step
from docextract.syntax import yamlread
from docextract.testgen.draft import Written

SKIP_FEATURES = ("default_shards", "stash_in_key", "stash_in_path", "stash_path_replace", "warnings")
# Keys YAML would read as something else than the same string (booleans, null, numbers…).
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_NOT_STRINGS = frozenset(
    f(word)
    for word in ("y", "yes", "n", "no", "true", "false", "on", "off", "null")
    for f in (str.lower, str.capitalize, str.upper)
)


class BrokenYaml(ValueError):
    """The reference would write text here that is not valid YAML (or not what it means)."""

    def __init__(self, message: str, hint: str | None = None, at: tuple[int, int] | None = None):
        super().__init__(message)
        self.hint = hint  # what to write instead, when the caller's general hint does not say it
        self.at = at  # where in the text given: its 0-based line and 1-based column, when known


def load(text: str) -> Any:
    return yamlread.load(text)


def double_quoted(raw: str) -> str:
    """What the reference's `"<raw>"` loads as (YAML reads backslash escapes inside double quotes)."""
    if "\\" not in raw and '"' not in raw:
        return raw
    try:
        value = load(f'x: "{raw}"')
    except yaml.YAMLError:
        raise BrokenYaml(f'"{raw}" is not a valid YAML string') from None
    return value["x"]


def plain(raw: str) -> Any:
    """What the reference's unquoted `key: <raw>` loads as."""
    try:
        return load(f"x: {raw}")["x"]
    except (yaml.YAMLError, TypeError):
        raise BrokenYaml(f"{raw} is not a valid YAML value") from None


def quote(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def key(name: str) -> str:
    return name if _PLAIN_KEY.fullmatch(name) and name not in _NOT_STRINGS else quote(name)


def skip(reason: str | None, pos: Pos) -> Written:
    features = list(SKIP_FEATURES) + (["always_skip"] if reason is not None else [])
    lines = ["  - skip:", "      features:", *(f"        - {f}" for f in features)]
    data: dict[str, Any] = {"features": features}
    if reason is not None:
        # The reference writes the reason unquoted, which breaks on ": " and cuts at " #"; quoted here, it
        # loads as the reference's loads when that does, without the spaces around it (`skip: no access`).
        reason = reason.strip(" \t")
        lines.append(f"      reason: {quote(reason)}")
        data["reason"] = reason
    return Written("\n".join(lines), (Step({"skip": data}, pos),))


def do(
    method: str,
    path: str,
    params: list[tuple[str, str]],
    body: str | None,
    catch: str | None,
    warnings: tuple[str, ...],
    pos: Pos,
) -> Written:
    """A `do: raw:` step; path, params and warnings are values already as the reference's YAML reads them."""
    lines = ["  - do:"]
    data: dict[str, Any] = {}
    if catch is not None:
        lines.append(f"      catch: {quote(catch)}")
        data["catch"] = catch
    if warnings:
        lines.append("      warnings:")
        lines.extend(f"         - {quote(w)}" for w in warnings)
        data["warnings"] = list(warnings)
    raw: dict[str, Any] = {"method": method, "path": path}
    lines += ["      raw:", f"        method: {method}", f"        path: {quote(path)}"]
    for name, value in params:
        lines.append(f"        {key(name)}: {quote(value)}")
        raw[name] = value
    if body is not None:
        # A first line that starts with a space needs an explicit indentation (the reference omits it).
        lines.append("        body: |2" if body[:1] == " " else "        body: |")
        lines.extend(f"          {line}" if line else "" for line in body.split("\n"))
        raw["body"] = body + "\n"
    data["raw"] = raw
    return Written("\n".join(lines), (Step({"do": data}, pos),))


def shards_check(pos: Pos) -> Written:
    return Written("  - is_false: _shards.failures", (Step({"is_false": "_shards.failures"}, pos),))


def match_body(contents: str, pos: Pos, lines: tuple[tuple[Pos, str], ...] = ()) -> Written:
    """`match: {$body: …}` with the response embedded as YAML, exactly as the reference embeds it."""
    body_lines = contents[:-1].split("\n") if contents.endswith("\n") else contents.split("\n")
    text = "\n".join(["  - match:", "      $body:", *(f"        {line}" for line in body_lines)])
    try:
        data = load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # The contents start on the text's third line, indented by eight spaces.
        at = (mark.line - 2, max(1, mark.column - 7)) if mark and mark.line >= 2 else None
        problem = getattr(err, "problem", None) or str(err)
        raise BrokenYaml(f"the response does not read as YAML: {problem}", at=at) from None
    return Written(text, tuple(Step(item, pos, lines) for item in data))


def verbatim(text: str, pos: Pos, comment: str | None = None) -> Written:
    """Lines taken as written (a named setup's text, a startyaml block), with the steps they load as."""
    # As the reference prints a named setup: its comment at the line's start, then the text as written
    # plus a newline (a blank line after a text that ends in one).
    shown = f"# {comment}\n{text}" if comment else text.rstrip("\n")
    try:
        # In the file a newline follows the lines, and a literal block at their end keeps it.
        data = load(shown + "\n") or []
    except yaml.YAMLError as err:
        # yamlread's own hint (an alias past the budget, a value its tag cannot be) says more than the
        # caller's general one; a syntax error has none, and the caller's is given.
        hint = getattr(err, "hint", None)
        raise BrokenYaml(f"the YAML does not read: {_yaml_problem(err)}", hint) from None
    if not isinstance(data, list):
        raise BrokenYaml("the YAML is not a list of steps (each line should start with `  - `)")
    return Written(shown, tuple(Step(item, pos) for item in data))


def _yaml_problem(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    return f"{problem} (line {mark.line + 1} of it)" if mark else problem
