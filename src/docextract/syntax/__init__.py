"""Syntax several stages read: the grammar loader, console snippets, test annotations, Java regexes."""

import sys

from docextract.firstuse import defer

# Lark imports these with itself, for what our runs never ask of it: regex for Lark(regex=True), tempfile
# to name a cache file it is not given, interegular (when installed) to check terminals while a grammar
# is analysed. Loading them costs a third of what loading the parsers from their cache does, so in the
# command's own process (defer_lark_extras), when Lark is imported, each is put in sys.modules as a
# stand-in that loads the module on its first use.
_LOADED_ON_FIRST_USE = ("regex", "tempfile", "interegular")


class _BeforeLark:
    """On the meta path until Lark is imported (by whichever module imports it first); finds no module."""

    def find_spec(self, name: str, path=None, target=None) -> None:
        if name == "lark":
            sys.meta_path.remove(self)
            defer(*_LOADED_ON_FIRST_USE)


def defer_lark_extras() -> None:
    """Leave what Lark imports for nothing of ours to its first use, if Lark is not loaded yet. For the
    docextract command's process only: a stand-in in sys.modules is not the module itself (its type, its
    dir()), which a process docextract is a guest in (a pytest session) should never meet."""
    if "lark" not in sys.modules and not any(isinstance(f, _BeforeLark) for f in sys.meta_path):
        sys.meta_path.insert(0, _BeforeLark())
