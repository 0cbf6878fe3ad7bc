"""The stash of a YAML REST test: values kept by `set` and `do`, read back through `$name` references."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# `${name}` inside a longer string; the name runs to the first `}`, as in Elasticsearch's Stash. A
# backslash before it is not an escape here (newer Elasticsearch runners treat `\${name}` as literal
# text; generated doc tests never need that).
EMBEDDED = re.compile(r"\$\{([^}]+)\}")
PATH_MARKER = "$_path"
# A path part that reads the name of any one key of an object (feature arbitrary_key).
ARBITRARY_KEY = "_arbitrary_key_"


class StashError(LookupError):
    """A `$name` reference the stash cannot satisfy."""


class PathError(KeyError):
    """A dotted path that leads nowhere.

    `path` is the part of the path that failed; `missing` is true when a key was simply absent (or the
    walk reached a null), which Elasticsearch reads as null rather than as an error.
    """

    def __init__(self, message: str, path: str, missing: bool = False):
        super().__init__(message)
        self.path = path
        self.missing = missing

    def __str__(self) -> str:
        return self.args[0]  # KeyError would quote it


@dataclass(frozen=True)
class Unparsed:
    """The root of a response the framework does not parse (no body, or text such as a _cat table):
    every path reads null, but the empty path of a HEAD response reads whether it succeeded (so that
    `is_true: ''` after `exists` means 200 and `is_false: ''` means 404)."""

    head_ok: bool | None = None


def is_reference(value: Any) -> bool:
    """Whether a string reads the stash: it starts with `$` or embeds `${name}`."""
    return isinstance(value, str) and (value.startswith("$") or EMBEDDED.search(value) is not None)


def split_path(dotted: str) -> list[str]:
    """`a.b\\.c.0` → ["a", "b.c", "0"]; empty parts are dropped, as Elasticsearch's ObjectPath does."""
    return [part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.", dotted) if part]


def join_path(parts: tuple | list) -> str:
    """The inverse of split_path: dots inside keys are escaped so the result can be looked up again."""
    return ".".join(str(part).replace(".", "\\.") for part in parts)


def get_path(obj: Any, dotted: str, stash: Stash | None = None) -> Any:
    """The value at `dotted` inside `obj` (list indices are numbers); the empty path is `obj` itself.

    With a stash, a part that is itself a reference (`nodes.$master.http`, `e${x}ments`) is replaced
    by the stashed value first and used as one key (features stash_in_path, embedded_stash_key).
    """
    parts = split_path(dotted)
    if isinstance(obj, Unparsed):
        if not parts and obj.head_ok is not None:
            return obj.head_ok
        raise PathError(f"the response has no parsed body to read {dotted or 'the root'} in", dotted, True)
    value, walked = obj, []
    for part in parts:
        if stash is not None and is_reference(part):
            part = stash.text(part)
        parent = join_path(walked) or "the value"
        walked.append(part)
        where = join_path(walked)
        if isinstance(value, dict) and part == ARBITRARY_KEY:
            if not value or ARBITRARY_KEY in value:
                raise PathError(f"{parent} has no key for {ARBITRARY_KEY} to name", where)
            value = next(iter(value))
        elif isinstance(value, dict):
            if part not in value:
                raise PathError(f"no value at {where}", where, missing=True)
            value = value[part]
        elif isinstance(value, list):
            # Java's Integer.parseInt, minus the sign: Python would read -1 as "the last item"
            if not (part.isascii() and part.isdigit()):
                raise PathError(f"{parent} is a list, `{part}` is not an index", where)
            if int(part) >= len(value):
                size = f"{len(value)} item" + ("" if len(value) == 1 else "s")
                raise PathError(f"{where} is out of range: the list has {size}", where)
            value = value[int(part)]
        elif value is None:
            raise PathError(f"no value at {where}", where, missing=True)
        else:
            raise PathError(f"{parent} is {json.dumps(value, default=str)}, not an object or a list", where)
    return value


def as_text(value: Any) -> str:
    """A stashed value spliced into a string, spelled as Java's toString would for scalars."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # Java would print {a=b}; JSON is what a reader of the docs expects
    return json.dumps(value, ensure_ascii=False, default=str)


class Stash:
    """Named values of one test; `body` is always the last response body."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def set(self, name: str, value: Any) -> None:
        self._values[name] = value

    def get(self, name: str) -> Any:
        if self._values.get(name) is None:
            raise StashError(f"stashed value not found for key [{name}]")
        return self._values[name]

    def clear(self) -> None:
        self._values.clear()

    def has(self, name: str) -> bool:
        return self._values.get(name) is not None

    def stash_body(self, body: Any) -> None:
        """The whole body of the last `do`: parsed JSON, or its text when it is not JSON."""
        self.set("body", body)

    def lookup(self, key: str) -> Any:
        """The value of `$name` or `${name}`; the name may be a dotted path into a stashed value."""
        embedded = EMBEDDED.fullmatch(key)
        if embedded:
            name = embedded.group(1)
        elif key.startswith("$"):
            name = key[1:]
        else:
            raise StashError(f"[{key}] is not a stash reference")
        try:
            value = get_path(self._values, name, self) if name else None
        except PathError:
            value = None
        # Elasticsearch cannot tell a stashed null from a missing value either
        if value is None:
            raise StashError(f"stashed value not found for key [{name}]")
        return value

    def text(self, value: str) -> str:
        """A reference as text: a `$name` string becomes the value's text, `${name}` parts are spliced in."""
        if value.startswith("$") and not value.startswith("${"):
            return as_text(self.lookup(value))
        return EMBEDDED.sub(lambda m: as_text(self.lookup(m.group(0))), value)

    def resolve(self, value: Any, path: tuple = ()) -> Any:
        """A copy of `value` with every reference replaced; `path` is where `value` sits (for `$_path`).

        A string starting with `$` (but not `${`) becomes the stashed value itself, keeping its type;
        any other string with `${name}` in it stays a string with the values spliced in (so a lone
        `${n}` gives "3", not 3, as in Elasticsearch). Keys that are references become text
        (stash_in_key). `$_path` is replaced by the dotted position before the lookup, so
        `$body.$_path` reads the response at the same place (stash_path_replace); it has no meaning in
        keys. Strings that are not references are kept as they are, `\\$` included.
        """
        if isinstance(value, dict):
            resolved: dict = {}
            for key, item in value.items():
                name = self.text(key) if is_reference(key) else key
                if name in resolved:
                    raise StashError(f"two keys become [{name}] once stashed values are put in")
                resolved[name] = self.resolve(item, (*path, name))
            return resolved
        if isinstance(value, list):
            return [self.resolve(item, (*path, index)) for index, item in enumerate(value)]
        if not is_reference(value):
            return value  # scalars are immutable: returning them is copying them
        if PATH_MARKER in value:
            value = value.replace(PATH_MARKER, join_path(path))
        if value.startswith("$") and not value.startswith("${"):
            return self.lookup(value)
        return self.text(value)
