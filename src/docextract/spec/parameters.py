"""A page's path, query and body parameters against those of the endpoints it documents.

Three findings: a documented parameter the specification does not have, a parameter of the
specification the page leaves out, and a Required/Optional that disagrees. Missing parameters are
looked for only in a section the page has (with at least one parameter): a page without a "Query
parameters" list has not chosen to leave every one out, and reporting each would bury the rest.
Left out of "missing" on purpose: the query parameters every endpoint takes (error_trace, pretty …) and
those a family of endpoints shares through a base type (the cat APIs' format, v …), which the docs
describe once for all; and deprecated parameters, which a page may well have stopped describing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docextract.diagnostics import Diagnostic, Severity
from docextract.model import Page, Parameter
from docextract.spec.schema import Api, Field, Spec

_NAME = re.compile(r"[^\s(]+")
_SECTIONS = {"path": "path parameter", "query": "query parameter", "body": "request body property"}


def check_parameters(page: Page, spec: Spec, apis: list[Api], renamed: dict[str, str]) -> list[Diagnostic]:
    """renamed: the page's names for path variables (target) → the specification's (index)."""
    sections = {
        "path": _fields(api.path for api in apis),
        "query": _fields(api.query for api in apis),
        "body": _fields(api.body or {} for api in apis),
    }
    found = _Section(page, apis, sections, "path", set(renamed), renamed).check(page.path_parameters)
    query_known = set().union(*(spec.query_names(api) for api in apis))
    found += _Section(page, apis, sections, "query", query_known).check(page.query_parameters)
    # A body of no fixed properties (a document, NDJSON lines) has nothing to compare with.
    if any(api.body is None for api in apis) or not page.request_body:
        return found
    if not any(api.has_body for api in apis):
        names = ", ".join(api.name for api in apis)
        return found + [
            _warning(
                "spec-unknown-parameter",
                f"request body property `{name}` is not in the specification: {names} takes no body",
                parameter,
                page,
                "remove the request body section, or give the endpoint a body in the specification",
            )
            for parameter in page.request_body
            if (name := documented_name(parameter)) is not None
        ]
    # Properties of the top-level objects, which pages often list among the top-level ones.
    nested = set().union(*(api.nested for api in apis))
    return found + _Section(page, apis, sections, "body", nested).check(page.request_body)


def documented_name(parameter: Parameter) -> str | None:
    """The name a parameter's term gives: `pri` (primary shards) → pri; None for a placeholder
    (<field>, *) that stands for names of the user's choosing."""
    found = _NAME.match(parameter.name.strip())
    if found is None or any(mark in found.group(0) for mark in "<>{}*"):
        return None
    return found.group(0)


def _fields(groups: Iterable[dict[str, Field]]) -> dict[str, list[Field]]:
    """Each name with its field in every endpoint that has it, aliases under their own names too."""
    merged: dict[str, list[Field]] = {}
    for fields in groups:
        for field in fields.values():
            for name in (field.name, *field.aliases):
                merged.setdefault(name, []).append(field)
    return merged


class _Section:
    """One parameter section of the page against the same section of the specification's endpoints."""

    def __init__(
        self,
        page: Page,
        apis: list[Api],
        sections: dict[str, dict[str, list[Field]]],
        section: str,
        known: set[str] = frozenset(),
        renamed: dict[str, str] | None = None,
    ):
        self.page, self.section, self.known, self.renamed = page, section, known, renamed or {}
        self.fields = sections[section]
        self.names = ", ".join(api.name for api in apis)
        self.kind = _SECTIONS[section]
        # Where each name of another section is, for a parameter documented under the wrong heading.
        self.elsewhere = {
            name: other for other, fields in sections.items() if other != section for name in fields
        }

    def check(self, documented: tuple[Parameter, ...]) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        covered: set[str] = set()
        for parameter in documented:
            terms = [
                name for name in (documented_name(parameter), *parameter.aliases) if name and "<" not in name
            ]
            if not terms:
                continue
            spec_names = [self.renamed.get(term, term) for term in terms]
            covered.update(spec_names)
            matching = [field for name in spec_names for field in self.fields.get(name, ())]
            if not matching:
                if not any(term in self.known for term in terms):
                    found.append(self._unknown(terms[0], parameter))
            elif parameter.required is not None and all(f.required != parameter.required for f in matching):
                found.append(self._required(terms[0], parameter))
        if documented:
            found.extend(self._missing(documented, covered))
        return found

    def _missing(self, documented: tuple[Parameter, ...], covered: set[str]) -> list[Diagnostic]:
        # The list to add to, at a parameter written in the page itself rather than an included file.
        first = next((p for p in documented if p.pos.file == self.page.source), documented[0])
        found = []
        for name, group in self.fields.items():
            field = group[0]
            if name != field.name or name in covered or field.deprecated:
                continue
            if any(alias in covered for alias in field.aliases):
                continue
            needed = "required" if field.required else "optional"
            found.append(
                _warning(
                    "spec-missing-parameter",
                    f"{self.kind} `{name}` of {self.names} is not documented",
                    first,
                    self.page,
                    f"describe `{name}` ({needed} in the specification) with the {self.kind}s of "
                    f"{self.page.source}",
                )
            )
        return found

    def _unknown(self, name: str, parameter: Parameter) -> Diagnostic:
        close = [other for other in self.fields if _close(name, other)]
        if name in self.elsewhere:
            hint = f"the specification has `{name}` as a {_SECTIONS[self.elsewhere[name]]}: move it there"
        elif close:
            hint = f"the specification calls it `{close[0]}`"
        else:
            hint = f"remove it, or add it to {self.names} in the specification"
        title = f"{self.kind} `{name}` is not in the specification of {self.names}"
        return _warning("spec-unknown-parameter", title, parameter, self.page, hint)

    def _required(self, name: str, parameter: Parameter) -> Diagnostic:
        page_says = "Required" if parameter.required else "Optional"
        spec_says = "optional" if parameter.required else "required"
        return _warning(
            "spec-required-mismatch",
            f"{self.kind} `{name}` is ({page_says}) on the page but {spec_says} in the specification "
            f"of {self.names}",
            parameter,
            self.page,
            f"write ({spec_says.capitalize()}, …) if the specification is right, else correct it",
        )


def _close(name: str, other: str) -> bool:
    """The same name but for case, dashes or underscores: index-template and index_template."""
    return name != other and name.replace("-", "_").lower() == other.replace("-", "_").lower()


def _warning(code: str, title: str, parameter: Parameter, page: Page, hint: str) -> Diagnostic:
    """At the parameter, which may stand in a file the page includes: the title then names the page."""
    if parameter.pos.file != page.source:
        title += f" (included by {page.source})"
    return Diagnostic(Severity.WARNING, code, title, parameter.pos, hint)
