"""Which lines of a file an include:: directive brings in: tag=, tags= (with ! and * forms), lines=."""

from __future__ import annotations

import difflib
from typing import NamedTuple

from docextract.asciidoc.lines import tag_directive


class Selection(NamedTuple):
    line_numbers: list[int]  # 1-based numbers of the selected lines, in order
    problems: list[tuple[int | None, str]] | tuple[()] = ()  # (line in the included file, message)
    malformed: str | None = None  # what is wrong with the directive's own attributes (lines=)


LINES_HINT = "write lines=1..5, lines=1;3..4 or lines=10..-1: line numbers and ranges, ; between them"


def parse_tags(attrs: dict[str, str]) -> dict[str, bool] | None:
    """The tag filter of an include, as Asciidoctor builds it: name → include (True) or exclude (False)."""
    spec = attrs.get("tag") if "tag" in attrs else attrs.get("tags")
    if spec is None:
        return None
    tags: dict[str, bool] = {}
    for name in spec.replace(",", ";").split(";"):
        name = name.strip()
        if not name:
            continue
        if name.startswith("!"):
            tags[name[1:]] = False
        else:
            tags[name] = True
    return tags


def parse_lines(spec: str, count: int) -> list[int]:
    """lines=1..5;9;12..-1 → the selected 1-based line numbers (ranges may be open-ended)."""
    wanted: list[int] = []
    for part in spec.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            low, high = part.split("..", 1)
            start = int(low) if low.strip() else 1
            end = int(high) if high.strip() and int(high) != -1 else count
            wanted.extend(range(max(start, 1), min(end, count) + 1))
        else:
            wanted.append(int(part))
    return sorted({n for n in wanted if 1 <= n <= count})


TagEvent = tuple[int, str, bool]  # (line number, tag name, is it an end::)


def tag_events(lines: list[str]) -> list[TagEvent]:
    """The tag::/end:: directive lines of a file (computed once per file: one may be included 100 times)."""
    events = []
    for number, line in enumerate(lines, start=1):
        if "::" in line and "[]" in line and (found := tag_directive(line)):
            events.append((number, *found))
    return events


def select_tags(count: int, events: list[TagEvent], tags: dict[str, bool]) -> Selection:
    """Asciidoctor's tag filtering over a file of `count` lines: directive lines are dropped and the
    lines between them are kept or not as the filter says."""
    tags = dict(tags)
    wildcard: bool | None = None
    if "**" in tags:
        select = base_select = tags.pop("**")
        if "*" in tags:
            wildcard = tags.pop("*")
        elif not select and next(iter(tags.values()), None) is False:
            wildcard = True
    elif "*" in tags:
        if next(iter(tags)) == "*":
            wildcard = tags.pop("*")
            select = base_select = not wildcard
        else:
            select = base_select = False
            wildcard = tags.pop("*")
    else:
        select = base_select = True not in tags.values()

    selected: list[int] = []
    problems: list[tuple[int | None, str]] = []
    stack: list[tuple[str, bool, int]] = []
    active: str | None = None
    found: set[str] = set()
    previous = 0
    for number, name, is_end in [*events, (count + 1, "", False)]:
        if select:
            selected.extend(range(previous + 1, number))
        previous = number
        if number > count:
            break
        if is_end:
            if name == active:
                stack.pop()
                active, select = (stack[-1][0], stack[-1][1]) if stack else (None, base_select)
            elif name in tags:
                index = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
                if index is not None:
                    del stack[index]
                    problems.append((number, f"mismatched end tag (expected '{active}' but found '{name}')"))
                else:
                    problems.append((number, f"unexpected end tag '{name}'"))
        elif name in tags:
            select = tags[name]
            if select:
                found.add(name)
            active = name
            stack.append((name, select, number))
        elif wildcard is not None:
            select = False if active and not select else wildcard
            active = name
            stack.append((name, select, number))
    for name, _, number in stack:
        problems.append((number, f"tag '{name}' is never closed"))
    missing = [name for name, wanted in tags.items() if wanted and name not in found]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        problems.append((None, f"tag{plural} '{', '.join(missing)}' not found"))
    return Selection(selected, problems)


def select(lines: list[str], attrs: dict[str, str], events: list[TagEvent] | None = None) -> Selection:
    """Apply lines= or tag(s)= (lines= wins, as in Asciidoctor); without either, every line."""
    if "lines" in attrs:
        try:
            return Selection(parse_lines(attrs["lines"], len(lines)))
        except ValueError:  # the whole file, as if there were no lines=: the error says so
            every = list(range(1, len(lines) + 1))
            return Selection(every, malformed=f"lines={attrs['lines']} is not a list of line numbers")
    tags = parse_tags(attrs)
    if tags is None:
        return Selection(list(range(1, len(lines) + 1)))
    return select_tags(len(lines), tag_events(lines) if events is None else events, tags)


def level_offset(current: int, spec: str | None) -> int:
    if not spec:
        return current
    try:
        value = int(spec)
    except ValueError:
        return current
    return current + value if spec[0] in "+-" else value


def tag_hint(lines: list[str], tags: dict[str, bool], events: list[TagEvent] | None = None) -> str:
    """A near name among the file's tags (a line with tag:: names its first tag or end directive)."""
    if events is None:
        events = tag_events(lines)
    known = {name for number, name, _ in events if "tag::" in lines[number - 1]}
    for name in tags:
        close = difflib.get_close_matches(name, known, n=1)
        if close and close[0] != name:
            return f"did you mean tag={close[0]}?"
    return "the included file has no region tag::NAME[] … end::NAME[] with that name"
