"""Document attributes: built-in defaults, values from the command line (locked), entries in the page."""

from __future__ import annotations

import re

from docextract.syntax.textlines import MAX_LINE

# The section titles Elastic's shared attributes define; pages write `==== {api-request-title}`.
API_TITLES = {
    "api-request-title": "Request",
    "api-prereq-title": "Prerequisites",
    "api-description-title": "Description",
    "api-path-parms-title": "Path parameters",
    "api-query-parms-title": "Query parameters",
    "api-request-body-title": "Request body",
    "api-response-body-title": "Response body",
    "api-response-codes-title": "Response codes",
    "api-example-title": "Example",
    "api-examples-title": "Examples",
}

# Attributes that name the docs root: Elastic's build includes every page from the root
# index.asciidoc, so an include of {es-ref-dir}/… or {docdir}/… resolves against that root.
ROOT_ATTRIBUTES = ("es-ref-dir", "es-repo-dir", "docdir")

# An attribute reference {name}; a backslash before it escapes it. Names as Asciidoctor allows. The
# backslash is looked at by the code: a pattern that starts with the { is searched for at C speed, one
# that may start with a backslash is tried at every character of the line.
_REFERENCE = re.compile(r"\{([A-Za-z0-9_][A-Za-z0-9_-]*)\}")


class Attributes:
    """A mutable attribute table for one page; command-line values cannot be changed by the page."""

    def __init__(self, values: dict[str, str], locked: dict[str, str] | None = None):
        self._values = dict(values)
        self._locked = dict(locked or {})
        self._values.update(self._locked)
        self.cut = 0  # substitutions whose result was cut at MAX_LINE
        self._longest = max(map(len, self._values.values()), default=0)  # no value is longer

    @classmethod
    def for_page(cls, docs_root: str, user: dict[str, str | None]) -> Attributes:
        defaults = dict(API_TITLES)
        defaults.update(dict.fromkeys(ROOT_ATTRIBUTES, docs_root))
        locked = {k: v for k, v in user.items() if v is not None}
        attrs = cls(defaults, locked)
        for name, value in user.items():
            if value is None:  # -a name! unsets a default
                attrs._values.pop(name, None)
                attrs._locked[name] = None
        return attrs

    def is_set(self, name: str) -> bool:
        return name in self._values

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        if name not in self._locked:
            value = self._values[name] = self.substitute(value)
            self._longest = max(self._longest, len(value))

    def unset(self, name: str) -> None:
        if name not in self._locked:
            self._values.pop(name, None)

    def substitute(self, text: str) -> str:
        """Replace {name} by its value; unknown references stay as written, as Asciidoctor's default does.

        A result longer than MAX_LINE is cut there (and counted in `cut`): values made of references
        to each other double at every line that sets them, and would fill the memory in a few dozen.
        """
        if "{" not in text:
            return text
        # A reference takes 3 characters or more: with no escape, and no value long enough to make the
        # line pass MAX_LINE, the references are replaced in one pass.
        if "\\{" not in text and len(text) * (self._longest + 3) <= 3 * MAX_LINE:
            return _REFERENCE.sub(self._value, text)
        pieces: list[str] = []
        size = position = 0
        values = self._values
        for m in _REFERENCE.finditer(text):
            start, end = m.span()
            if start and text[start - 1] == "\\":  # escaped: the reference as written, the \ dropped
                start -= 1
                value = m.group(0)
            else:
                value = values.get(m.group(1))
                value = m.group(0) if value is None else value
            pieces += (text[position:start], value)
            size += start - position + len(value)
            position = end
            if size > MAX_LINE:
                self.cut += 1
                return "".join(pieces)[:MAX_LINE]
        pieces.append(text[position:])
        if size + len(text) - position > MAX_LINE:
            self.cut += 1
            return "".join(pieces)[:MAX_LINE]
        return "".join(pieces)

    def _value(self, reference: re.Match[str]) -> str:
        return self._values.get(reference[1], reference[0])

    def missing(self, text: str) -> list[str]:
        """The names of the references in text that have no value."""
        return [
            m.group(1)
            for m in _REFERENCE.finditer(text)
            if not (m.start() and text[m.start() - 1] == "\\") and m.group(1) not in self._values
        ]
