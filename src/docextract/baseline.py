"""A baseline: findings a project knows of and accepts for now, each with a reason and maybe an expiry."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docextract.atomicfile import probe_folder, write_atomic
from docextract.diagnostics import Diagnostic, Severity
from docextract.position import Pos
from docextract.syntax import yamlread
from docextract.syntax.unreadable import bad_byte, read_regular

HEADER = "# docextract baseline: known findings that do not fail `docextract validate`.\n"
VERSION = 1
NEW_REASON = "accepted when the baseline was written; say why"
ReadLine = Callable[[str, int], "str | None"]


class BaselineError(Exception):
    """A baseline file that cannot be used: a usage error, reported before any page is read; at its
    place in the file, with a hint, when it has one."""

    def __init__(self, message: str, pos: Pos | None = None, hint: str | None = None, text: str = ""):
        super().__init__(message)
        self.pos, self.hint = pos, hint
        self.text = text  # the file's text, for the excerpt at pos


@dataclass(frozen=True)
class Entry:
    """A finding the baseline accepts: its rule, file and fingerprint, why, until when, where it stands."""

    rule: str
    file: str
    fingerprint: str
    reason: str
    expires: datetime.date | None
    title: str
    pos: Pos  # where the entry stands in the baseline file
    line: int | None = None  # where its finding stood when it was written (informational)


@dataclass(frozen=True)
class Baseline:
    """A baseline file read: its path and its entries, in file order."""

    path: Path
    entries: tuple[Entry, ...] = ()


def fingerprint(diagnostic: Diagnostic, read_line: ReadLine) -> str:
    """The finding without its line number, which moves: the rule, the file, the offending text."""
    pos = diagnostic.pos
    text = diagnostic.source_line
    if text is None and pos is not None:
        text = read_line(pos.file, pos.line)
    parts = (diagnostic.code, pos.file if pos else "", " ".join((text or "").split()), diagnostic.title)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


_REWRITE = "mend the file at the caret, or write it again with --write-baseline"


def read(path: Path, named: str | None = None) -> Baseline:
    """The baseline file; its entries' positions name it as named (from the docs root, as findings name
    their files), else as given."""
    try:
        raw = read_regular(path)  # a FIFO named as the baseline would be read for ever
        text = raw.decode("utf-8")
        root = yamlread.compose(text)
        data = yamlread.construct(root) if root is not None else None
    except OSError as err:
        raise BaselineError(f"cannot read the baseline {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        at = Pos(str(path), *bad_byte(raw, err))
        shown = raw.decode("utf-8", "replace")
        raise BaselineError(
            f"the baseline is not UTF-8: byte {raw[err.start]:#04x}", at, _REWRITE, shown
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = Pos(str(path), mark.line + 1, mark.column + 1) if mark else Pos(str(path), 1)
        problem = getattr(err, "problem", None) or "it cannot be parsed"
        raise BaselineError(f"the baseline is not valid YAML: {problem}", at, _REWRITE, text) from None
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(
            f"{path} is not a docextract baseline (version: {VERSION}, findings: [...]); "
            "write one with --write-baseline"
        )
    nodes = next(value.value for key, value in root.value if key.value == "findings")
    entries = []
    for item, node in zip(data["findings"], nodes, strict=True):
        pos = Pos(named or str(path), node.start_mark.line + 1, node.start_mark.column + 1)
        entries.append(_entry(item, pos))
    return Baseline(path, tuple(entries))


def _entry(item: object, pos: Pos) -> Entry:
    keys = ("rule", "file", "fingerprint")
    if not isinstance(item, dict) or not all(isinstance(item.get(key), str) for key in keys):
        raise BaselineError(f"{pos}: a baseline entry needs rule:, file: and fingerprint:")
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            expires = datetime.date.fromisoformat(expires)
        except ValueError:
            raise BaselineError(f"{pos}: expires: {expires!r} is not a date (YYYY-MM-DD)") from None
    if expires is not None and not isinstance(expires, datetime.date):
        raise BaselineError(f"{pos}: expires: must be a date (YYYY-MM-DD)")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise BaselineError(f"{pos}: every baseline entry needs a reason:")
    line = item.get("line")
    return Entry(
        item["rule"],
        item["file"],
        item["fingerprint"],
        reason,
        expires,
        str(item.get("title", "")),
        pos,
        line if isinstance(line, int) else None,
    )


@dataclass
class Applied:
    """Findings after the baseline: those that still count, those it covers, and its own problems."""

    counted: list[Diagnostic] = field(default_factory=list)
    covered: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # entries expired, or fixed


def apply(
    baseline: Baseline,
    findings: Iterable[Diagnostic],
    read_line: ReadLine,
    today: datetime.date,
    off: Collection[str] = (),
    checked: Callable[[str], bool] = lambda file: True,
) -> Applied:
    """Each entry covers one finding of its rule, file and fingerprint, until it expires. The entries of
    rules the project turned off are not checked, so they are not reported as fixed either; nor are those
    of files this run did not check (checked: a run of some pages, --changed-since)."""
    open_entries: dict[tuple[str, str, str], list[Entry]] = {}
    for entry in baseline.entries:
        if entry.rule in off or not checked(entry.file):
            continue
        open_entries.setdefault((entry.rule, entry.file, entry.fingerprint), []).append(entry)
    applied = Applied()
    for finding in findings:
        key = (finding.code, finding.pos.file if finding.pos else "", fingerprint(finding, read_line))
        waiting = open_entries.get(key)
        entry = waiting.pop(0) if waiting else None
        if entry is None:
            applied.counted.append(finding)
        elif entry.expires is not None and entry.expires < today:
            applied.counted.append(finding)
            applied.problems.append(_expired(entry))
        else:
            applied.covered.append(finding)
    for waiting in open_entries.values():
        applied.problems += [_fixed(entry) for entry in waiting]
    return applied


def _expired(entry: Entry) -> Diagnostic:
    return Diagnostic(
        Severity.ERROR,
        "baseline-expired",
        f"the baseline accepted this {entry.rule} finding until {entry.expires}: {entry.title}",
        entry.pos,
        f"fix it in {entry.file}, or give the entry a later expires: date and a reason",
    )


def _fixed(entry: Entry) -> Diagnostic:
    return Diagnostic(
        Severity.WARNING,
        "baseline-fixed",
        f"fixed, remove from baseline: {entry.rule} in {entry.file} ({entry.title})",
        entry.pos,
        "delete this entry, or run again with --write-baseline",
    )


def render(
    findings: Iterable[Diagnostic],
    read_line: ReadLine,
    previous: Baseline | None,
    checked: Callable[[str], bool] = lambda file: True,
) -> str:
    """Today's findings as a baseline; an entry already in the previous one keeps its reason and expiry,
    and the previous entries of files this run did not check stay as they were."""
    kept: dict[tuple[str, str, str], list[Entry]] = {}
    for entry in previous.entries if previous else ():
        kept.setdefault((entry.rule, entry.file, entry.fingerprint), []).append(entry)
    items = [_item(entry) for entry in (previous.entries if previous else ()) if not checked(entry.file)]
    for finding in findings:
        pos = finding.pos
        key = (finding.code, pos.file if pos else "", fingerprint(finding, read_line))
        old = kept.get(key, []).pop(0) if kept.get(key) else None
        item = {"rule": key[0], "file": key[1], "fingerprint": key[2], "title": finding.title}
        item["line"] = pos.line if pos else None  # where it was; informational, matching ignores it
        item["reason"] = old.reason if old else NEW_REASON
        if old and old.expires:
            item["expires"] = old.expires.isoformat()
        items.append(item)
    items.sort(key=lambda item: (item["file"], item["line"] or 0))
    body = yaml.safe_dump(
        {"version": VERSION, "findings": items}, sort_keys=False, allow_unicode=True, width=1000
    )
    return HEADER + body


def _item(entry: Entry) -> dict:
    """An entry kept as it was written."""
    item = {"rule": entry.rule, "file": entry.file, "fingerprint": entry.fingerprint, "title": entry.title}
    item["line"] = entry.line
    item["reason"] = entry.reason
    if entry.expires:
        item["expires"] = entry.expires.isoformat()
    return item


def write(path: Path, text: str) -> None:
    """Replace the baseline whole (check_writable has made sure what stands there is a baseline)."""
    write_atomic(path, text.encode("utf-8"))


def check_writable(path: Path) -> Baseline | None:
    """Before any page is read: the previous baseline at path, None when there is none; a file there that
    is not a docextract baseline stops the command, untouched."""
    if path.is_symlink():
        raise BaselineError(
            f"--write-baseline: {path} is a symbolic link: docextract does not write through links; give the "
            "file it points to"
        )
    if not path.parent.is_dir():
        raise BaselineError(f"--write-baseline: no such folder: {path.parent}")
    try:
        probe_folder(path.parent)  # the new baseline replaces the file by a rename in its folder
    except OSError as err:
        raise BaselineError(
            f"--write-baseline: cannot write in {path.parent}: {err.strerror or err}"
        ) from None
    if not path.exists():
        return None
    if not path.is_file():
        raise BaselineError(f"--write-baseline: not a file: {path}")
    try:
        return read(path)
    except BaselineError as err:
        raise BaselineError(f"--write-baseline will not overwrite it: {err}") from None
