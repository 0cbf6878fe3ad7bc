"""argparse's help formatters, their width found as shutil finds it, without loading shutil.

argparse makes a formatter for every option it is given (to check its metavar), and each asks
shutil for the terminal's width; loading shutil (and the compression modules it loads) is a tenth
of a cached run's start-up, for a width that only --help prints with.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import cache


@cache
def width() -> int:
    """shutil.get_terminal_size().columns, less the 2 argparse takes off: $COLUMNS, else the
    terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns if columns > 0 else 80) - 2


class HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width_=None):
        super().__init__(prog, indent_increment, max_help_position, width_ or width())


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The description and epilog as written (line breaks kept)."""
