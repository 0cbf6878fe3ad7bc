"""Plain data as libyaml writes it: a whole document, or one scalar where it stands in one.

The one-pass writer (yamltext.py) leaves to libyaml what it does not write itself: data with a key that
is not simple, and strings the emitter escapes or double-quotes.
"""

from __future__ import annotations

from typing import ClassVar

import yaml

from docextract.syntax.yamlscalars import WIDTH, as_literal

_STR = "tag:yaml.org,2002:str"

# The C emitter (libyaml) is several times faster; the pure-Python one writes the same text.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class Dumper(_BaseDumper):
    """libyaml's dumper for plain data: plain dicts, lists and scalars, nothing shared.

    PyYAML's generic representer (alias bookkeeping, a lookup per value) and its implicit-tag
    resolver cost as much as parsing the page; for this data a direct representation, and a
    memo of resolved scalars (keys repeat on every parameter), give the same text.
    """

    _resolved: ClassVar[dict] = {}  # shared by every dump of the process on purpose

    def represent_data(self, data):
        kind = type(data)
        if kind is str:
            return yaml.ScalarNode(_STR, data, style="|" if as_literal(data) else None)
        if kind is dict:
            pairs = [(self.represent_data(k), self.represent_data(v)) for k, v in data.items()]
            return yaml.MappingNode(_MAP, pairs, flow_style=False)
        if kind is list:
            return yaml.SequenceNode(_SEQ, [self.represent_data(v) for v in data], flow_style=False)
        return super().represent_data(data)

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        if len(value) > 40:  # long text is prose; only short values repeat enough to be worth keeping
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag


def libyaml(data) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=WIDTH)


def scalar_at(value: str, column: int, indent: int) -> str | None:
    """The scalar as libyaml writes it where it stands: cut out of a document that puts it at the same
    column with the same indent (under a key as long, or as a sequence item)."""
    container = indent - 2  # the indent of the mapping or sequence holding the scalar
    pad = " " * container
    if column == indent:
        data, prefix = {"k": [value]}, f"{pad}k:\n{pad}- "
    else:
        key = "k" * (column - indent)
        data, prefix = {key: value}, f"{pad}{key}: "
    for _ in range(container // 2):
        data = {"k": data}
    head = "".join(" " * depth + "k:\n" for depth in range(0, container, 2)) + prefix
    text = libyaml(data)
    if not text.startswith(head) or text.endswith("...\n"):
        return None  # not where the one-pass writer would put it, or the document's end marked after it
    return text[len(head) : -1]
