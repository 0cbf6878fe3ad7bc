"""Every corpus page's parameter and response-code lists against a live Asciidoctor run (issue #10).

For each page and each list (path and query parameters, request and response body, response codes),
Asciidoctor's side is the terms of the description lists that stand directly in the page's sections of
that kind in the page's own file (tests/asciidoctor_terms.rb), each term read as the writer means it:
the names its code spans give, the label in parentheses after them. docextract's side is the page's
list, top level only. A section is known by its anchor or title as the reader knows it, and a
[discrete] heading starts one (docs/DEVIATIONS.md, A9). The pages where the two differ on purpose are
listed in tests/data/asciidoctor-term-differences.txt, each with the deviation that explains it; a page
that differs unlisted fails, and so does a listed page that no longer differs.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from conftest import CORPUS_ROOT, REPO, read_page, require_shared
from docextract.asciidoc.attributes import API_TITLES
from docextract.asciidoc.frontend import AsciiDoc
from docextract.asciidoc.reader import SourceLine
from docextract.asciidoc.sections import section_kind
from docextract.asciidoc.tree import Section
from docextract.diagnostics import Diagnostics
from docextract.settings import Settings

LISTED = REPO / "tests" / "data" / "asciidoctor-term-differences.txt"
SCRIPT = REPO / "tests" / "asciidoctor_terms.rb"
LISTS = ("path_parameters", "query_parameters", "request_body", "response_body", "response_codes")
# One entry per list item: its names (the first is the name, the others aliases) and its label.
Entry = tuple[tuple[str, ...], str | None]

_LABEL = re.compile(r"(?P<names>.*\S)\s*\((?P<label>[^()]*)\)", re.DOTALL)
_NAME_SEPARATOR = re.compile(r",(?![^<]*</code>)")  # a comma outside a code span
_TAG = re.compile(r"<[^>]+>")
# Asciidoctor's replacements in text outside code spans, back to what the writer typed.
_TYPED = {"\u2019": "'", "\u2018": "'", "\u2026": "...", "\u2014": "--", "\u00a0": " "}

requires_asciidoctor = pytest.mark.skipif(
    shutil.which("ruby") is None, reason="Asciidoctor (Debian package asciidoctor) is not installed"
)


def _text(converted: str) -> str:
    text = html.unescape(_TAG.sub("", converted))
    return "".join(_TYPED.get(char, char) for char in text).strip()


def entry_of(term_html: str) -> Entry:
    """A term as Asciidoctor converts it, read as docextract reads the source: `a`, `b` (label)."""
    names, label = term_html.strip(), None
    labelled = _LABEL.fullmatch(names)
    if labelled:
        names, label = labelled.group("names"), _text(labelled.group("label")) or None
    return tuple(_text(name) for name in _NAME_SEPARATOR.split(names)), label


def _kind(section_id: str, title: str) -> str | None:
    # An id Asciidoctor made up (_request_body) is no anchor the writer gave.
    anchor = section_id if section_id and not section_id.startswith("_") else None
    return section_kind(Section(SourceLine(title, "", 0), 0, title, anchor=anchor))


def asciidoctor_lists() -> dict[str, dict[str, list[Entry]]]:
    """page → list → entries, from the live Asciidoctor run."""
    attributes = [f"{name}={value}" for name, value in API_TITLES.items()]
    out = subprocess.run(
        ["ruby", str(SCRIPT), str(CORPUS_ROOT), *attributes], capture_output=True, text=True, check=True
    ).stdout
    pages: dict[str, dict[str, list[Entry]]] = {}
    page, current = "", None
    for line in out.splitlines():
        kind, *fields = line.split("\t")
        if kind == "PAGE":
            page, current = fields[0], None
            pages[page] = {}
        elif kind == "SECTION":
            file, _, section_id, title = fields
            list_kind = _kind(section_id, title) if file == page else None
            current = pages[page].setdefault(list_kind, []) if list_kind in LISTS else None
        elif kind == "END":
            current = None
        elif kind == "ITEM" and current is not None:
            current.extend(entry_of(term) for term in fields[1:])
    return pages


def _ours(page, kind: str) -> list[Entry]:
    if kind == "response_codes":
        return [((str(code.code),), code.label) for code in page.response_codes]
    return [((p.name, *p.aliases), p.label) for p in getattr(page, kind)]


def _comparable(entries: list[Entry], kind: str) -> list[Entry]:
    """Path parameters without their angle brackets; one response code per number (`409`, `429`::)."""
    if kind == "path_parameters":
        return [
            (tuple(n[1:-1] if n[:1] == "<" and n[-1:] == ">" else n for n in names), label)
            for names, label in entries
        ]
    if kind == "response_codes":
        return [((name,), label) for names, label in entries for name in names]
    return entries


def _listed() -> dict[str, str]:
    """page → the deviation that explains its difference, from the data file."""
    listed = {}
    for line in LISTED.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            page, deviation, _ = line.split("\t", 2)
            listed[page] = deviation
    return listed


@requires_asciidoctor
def test_corpus_lists_match_asciidoctor_apart_from_the_listed_deviations():
    require_shared()
    theirs = asciidoctor_lists()
    front_end = AsciiDoc()
    settings = Settings(CORPUS_ROOT.resolve(), allow_include_outside_root=True)
    differing: dict[str, list[str]] = {}
    compared = 0
    for path in sorted(CORPUS_ROOT.rglob("*.asciidoc")):
        relative = path.relative_to(CORPUS_ROOT).as_posix()
        page = read_page(path, settings, Diagnostics(), front_end)
        for kind in LISTS:
            ours = _comparable(_ours(page, kind), kind)
            expected = _comparable(theirs[relative].get(kind, []), kind)
            compared += len(expected)
            if ours != expected:
                differing.setdefault(relative, []).append(
                    f"{kind}: ours {ours[:3]}…, Asciidoctor's {expected[:3]}…"
                )
    listed = _listed()
    unlisted = {page: why for page, why in differing.items() if page not in listed}
    assert not unlisted, "pages that differ from Asciidoctor, not listed in tests/data: " + repr(unlisted)
    assert not set(listed) - set(differing), (
        f"listed but no longer differ: {sorted(set(listed) - set(differing))}"
    )
    assert compared > 500  # the run read the corpus's lists at all


def test_every_listed_difference_names_a_deviation_against_asciidoctor():
    deviations = set(re.findall(r"^\| (A\d+) \|", (REPO / "docs" / "DEVIATIONS.md").read_text("utf-8"), re.M))
    listed = _listed()
    assert listed and set(listed.values()) <= deviations


@pytest.mark.parametrize(
    ("converted", "entry"),
    [
        ("<code>404</code> (Missing resources)", (("404",), "Missing resources")),
        ("<code>pri</code> (primary shards)", (("pri",), "primary shards")),
        ("<code>h</code>, <code>header</code>", (("h", "header"), None)),
        ("<code>page</code>.<code>from</code>", (("page.from",), None)),
        ("&lt;inference_id&gt;", (("<inference_id>",), None)),
        ('<span class="xpack"><code>source</code></span>', (("source",), None)),
        ("<code>a,b</code>", (("a,b",), None)),
        ("<code>x</code> (the user&#8217;s)", (("x",), "the user's")),
    ],
)
def test_asciidoctor_terms_are_read_as_the_writer_means_them(converted, entry):
    assert entry_of(converted) == entry
