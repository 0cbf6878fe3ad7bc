"""Named API steps' requests as the client built them, kept in a file between runs: a run whose every
named step (a setups file's `indices.create`, `bulk`…) was built before never imports the client, which
costs a fifth of a run's start. The composition names the file, under a key of docextract's code and the
client's version; without one nothing is kept."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

from docextract.cachefolder import keep

FORMAT = 1


def key(api: str, arguments: Any) -> str | None:
    """What identifies a step's request: the API and its arguments (None when they are not plain JSON
    data, such as a YAML !!binary value or a mapping with a number for a key: such a step is built every
    time)."""
    if not _plain(arguments):
        return None
    try:
        return json.dumps([api, arguments], sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> bool:
    """JSON's own data, which json.dumps gives back one for one (it writes a key 1 as "1", a tuple as a
    list: two different steps would share a request)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


class Kept:
    """The requests kept in one file, read once; a request built for the first time is added to it."""

    def __init__(self) -> None:
        self.path: str | None = None
        self._requests: dict[str, Any] = {}

    def use(self, path: str | None) -> None:
        """Keep requests in this file (None: keep nothing), and read what it holds."""
        self.path, self._requests = path, (_read(path) if path else {})

    def __bool__(self) -> bool:
        return bool(self._requests)

    def get(self, step: str | None) -> Any:
        """A copy of the request kept for the step (the caller may change it), or None."""
        found = self._requests.get(step) if step is not None else None
        return copy.deepcopy(found) if found is not None else None

    def add(self, step: str | None, request: Any) -> None:
        """Keep a request built now, with what the file holds by now (another process may have added to
        it meanwhile: the last to write wins, and the next run builds again what it lost)."""
        if step is None or self.path is None:
            return
        self._requests[step] = copy.deepcopy(request)
        merged = {**_read(self.path), **self._requests}
        keep(self.path, pickle.dumps((FORMAT, merged), pickle.HIGHEST_PROTOCOL))


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            format, requests = pickle.load(file)
    except Exception:  # none yet, or one from an older docextract that cannot be read back
        return {}
    return requests if format == FORMAT and isinstance(requests, dict) else {}
