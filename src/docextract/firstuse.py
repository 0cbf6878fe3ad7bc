"""Stand-ins for modules a process imports but seldom uses: each loads its module on first use."""

import sys
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType


class FirstUse(ModuleType):
    """A module's stand-in: the first attribute asked of it loads the module, which answers from then on.
    Not the module itself (its type, its dir()): only a process that is docextract's own should meet one."""

    def __getattr__(self, attribute: str):
        # Only what the stand-in lacks comes here; an import of it reads its __spec__ (None) and stops.
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(import_module(name), attribute)


def defer(*names: str) -> None:
    """Put a stand-in in sys.modules for each module not loaded yet (and installed); for a submodule, as
    its package's attribute too (find_spec has loaded the package)."""
    for name in names:
        if name not in sys.modules and find_spec(name) is not None:
            sys.modules[name] = stand_in = FirstUse(name)
            package, _, child = name.rpartition(".")
            if package:
                # `import urllib.request` finds the stand-in in sys.modules and binds `urllib`: what is
                # then asked of `urllib.request` is asked of the package's attribute. Loading the module
                # replaces that attribute with the module.
                setattr(sys.modules[package], child, stand_in)
