"""The process table, read from /proc: what a run started, and what it left running."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    pid: int
    state: str
    session: int
    argv: tuple[str, ...]


def processes() -> dict[int, Process]:
    """The process table, read from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:  # it ended meanwhile
            continue
        # After the command name (in parentheses, which may hold anything): state, ppid, pgrp, session.
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = Process(int(entry.name), fields[0], int(fields[3]), tuple(argv))
    return table
