"""Syntax several stages read: the grammar loader, console snippets, test annotations, Java regexes."""

import sys
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

# Lark imports these with itself, for what our runs never ask of it: regex for Lark(regex=True), tempfile
# to name a cache file it is not given, interegular (when installed) to check terminals while a grammar
# is analysed. Loading them costs a third of what loading the parsers from their cache does, so in the
# command's own process (defer_lark_extras), when Lark is imported, each is put in sys.modules as a
# stand-in that loads the module on its first use.
_LOADED_ON_FIRST_USE = ("regex", "tempfile", "interegular")


class _FirstUse(ModuleType):
    """A module's stand-in: the first attribute asked of it loads the module, which answers from then on."""

    def __getattr__(self, attribute: str):
        # Only what the stand-in lacks comes here; an import of it reads its __spec__ (None) and stops.
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(import_module(name), attribute)


class _BeforeLark:
    """On the meta path until Lark is imported (by whichever module imports it first); finds no module."""

    def find_spec(self, name: str, path=None, target=None) -> None:
        if name == "lark":
            sys.meta_path.remove(self)
            for module in _LOADED_ON_FIRST_USE:
                if module not in sys.modules and find_spec(module) is not None:
                    sys.modules[module] = _FirstUse(module)


def defer_lark_extras() -> None:
    """Leave what Lark imports for nothing of ours to its first use, if Lark is not loaded yet. For the
    docextract command's process only: a stand-in in sys.modules is not the module itself (its type, its
    dir()), which a process docextract is a guest in (a pytest session) should never meet."""
    if "lark" not in sys.modules and not any(isinstance(f, _BeforeLark) for f in sys.meta_path):
        sys.meta_path.insert(0, _BeforeLark())
