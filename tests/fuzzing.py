"""Pages for fuzzing: hypothesis strategies that build AsciiDoc-shaped pages or mutate real ones, and
the property every command must keep on any of them (tests/test_fuzz.py, bench/fuzz.py)."""

from __future__ import annotations

import json
import os
import posixpath
import re
import select
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from conftest import CORPUS_ROOT, REPO, run_cli

# Hypothesis keeps a cache beside the examples it saves: in build/ (ignored), not in the work tree.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(REPO / "build" / "hypothesis"))

# The default profile keeps `make test` fast and its examples the same every run.
settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,  # the property's own alarm (below) judges hangs; a slow first parse is not one
    database=None,  # nothing written into the work tree: failures found are kept in tests/data/fuzz
    derandomize=True,  # the same examples every run, so `make test` never fails by chance
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# DOCEXTRACT_FUZZ_PROFILE=more runs the tests of tests/test_fuzz.py on more, and new, examples.
settings.register_profile(
    "more",
    max_examples=1000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
PROFILE = settings.get_profile(os.environ.get("DOCEXTRACT_FUZZ_PROFILE", "ci"))

# Much longer than any page of the corpus takes with both commands, much shorter than a hang.
TIME_LIMIT = 20.0
PAGE = "page.asciidoc"
MARKDOWN_PAGE = "page.md"

# -- building pages --------------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["index", "the", "`id`", "{es}", "_search", "true", "<1>", "[^1]", "+", "::", ";;", "(Required, string)",
     "Defaults to `1`.", "é", "\t", "{", "}", "[", "]", "\"", "\\", "*", "link:x[y]", "\u2028", "\x0b"]
)  # fmt: skip
IDENT = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
TEXT_LINE = st.one_of(
    st.lists(WORDS, max_size=6).map(" ".join),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30).map(
        lambda s: s.replace("\n", " ").replace("\r", " ")
    ),
)
DELIMITER = st.builds(
    lambda char, n: "--" if char == "--" else char * n,
    st.sampled_from(["-", "=", ".", "*", "+", "_", "/", "--", "|==="[0]]),
    st.integers(4, 7),
)
METHODS = st.sampled_from(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "get", "Post"])
PATH = st.builds(
    lambda parts, query: "/".join(parts) + query,
    st.lists(st.one_of(IDENT, st.just("_doc"), st.just("<index>"), st.just("{x}")), min_size=1, max_size=3),
    st.sampled_from(["", "?pretty", "?q=a:b&size=1", "?x=\\d", "?a=%22", "?a=\"b'"]),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def json_body(draw) -> list[str]:
    """A JSON body, often a little wrong: a trailing comma, a cut, a // comment, a \"\"\" string."""
    text = json.dumps(draw(JSON_VALUE), indent=draw(st.sampled_from([None, 2])))
    damage = draw(st.sampled_from(["none", "none", "comma", "cut", "comment", "quotes", "ndjson"]))
    if damage == "comma" and text.endswith(("}", "]")) and len(text) > 2:
        text = text[:-1].rstrip() + ",\n" + text[-1]
    elif damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "comment":
        text = "// a comment\n" + text
    elif damage == "quotes":
        text = '{"q": """a "b"\nc' + draw(st.sampled_from(['"""}', "}"]))
    elif damage == "ndjson":
        text = text.replace("\n", " ") + "\n" + json.dumps(draw(JSON_VALUE))
    return text.split("\n")


@st.composite
def console_lines(draw) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["request", "request", "comment", "yaml", "blank", "text"]))
        if kind == "request":
            space = draw(st.sampled_from([" ", "  ", "\t"]))
            lines.append(f"{draw(METHODS)}{space}{draw(PATH)}")
            if draw(st.booleans()):
                lines += draw(json_body())
        elif kind == "comment":
            lines.append("# " + draw(TEXT_LINE))
        elif kind == "yaml":
            step = draw(st.sampled_from(["do: {}", "{a", "match: {x: 1}"]))
            lines += ["startyaml", f"  - {step}", "endyaml"]
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(draw(TEXT_LINE) + draw(st.sampled_from(["", " <1>", " [^1]"])))
    return lines


REGEX_PIECE = st.sampled_from(
    ["a", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "\\", "\\/", "\\d", "\\n", "$", "^", "|",
     "(a+)+", "(?<n>x)", "\\p{L}", "$1", "\\$", "$body.took", "\"took\": 3", "(?:a|aa)*", "\\Q", "\\E", "é"]
)  # fmt: skip
SUBSTITUTION = st.builds(
    lambda p, r: f"s/{p}/{r}/",
    st.lists(REGEX_PIECE, min_size=1, max_size=5).map("".join),
    st.lists(REGEX_PIECE, max_size=4).map("".join),
)
TEST_OPTION = st.one_of(
    st.sampled_from(["continued", "skip_shard_failures", "non_json", "contnued", "setup:", "catch:"]),
    st.builds("setup:{}".format, IDENT),
    st.builds("teardown:{}".format, IDENT),
    st.builds("catch:{}".format, st.sampled_from(["missing", "bad_request", "/a+/", "/(/", "request"])),
    st.builds("skip:{}".format, TEXT_LINE),
    st.builds("warning:{}".format, TEXT_LINE),
    SUBSTITUTION,
)


@st.composite
def annotation(draw) -> str:
    marker = draw(st.sampled_from(["TEST", "TESTRESPONSE", "TESTSETUP", "TEARDOWN", "CONSOLE", "NOTCONSOLE",
                                   "TSET", "test"]))  # fmt: skip
    options = draw(st.lists(TEST_OPTION, max_size=3))
    bracket = f"[{' '.join(options)}]" if options or draw(st.booleans()) else ""
    if draw(st.integers(0, 9)) == 0:
        bracket = bracket[:-1]  # unclosed
    return f"//{draw(st.sampled_from([' ', '', '  ']))}{marker}{bracket}"


@st.composite
def snippet(draw) -> list[str]:
    language = draw(st.sampled_from(["console", "console", "console-result", "js", "txt", "yaml", "json"]))
    fence = "-" * draw(st.integers(4, 6))
    lines = [f"[source,{language}{draw(st.sampled_from(['', ',id=x', ',subs=attributes']))}]", fence]
    if language == "console-result":
        lines += draw(json_body())
    else:
        lines += draw(console_lines())
    if draw(st.integers(0, 6)):
        lines.append(draw(st.sampled_from([fence, fence, "----", "-----"])))
    lines += draw(st.lists(annotation(), max_size=2))
    return lines


@st.composite
def directive(draw) -> list[str]:
    kind = draw(st.sampled_from(["include", "include", "ifdef", "ifndef", "ifeval", "endif", "one-line"]))
    name = draw(st.sampled_from(["a", "b", "es-ref-dir", "missing"]))
    if kind == "include":
        target = draw(st.sampled_from(["a.asciidoc", "b.asciidoc", PAGE, "none.asciidoc", "../x.asciidoc",
                                       "{es-ref-dir}/a.asciidoc", "{missing}/a.asciidoc"]))  # fmt: skip
        attrs = draw(st.sampled_from(["", "tag=t", "tags=t;!u", "lines=1..3", "lines=2;4..-1",
                                      "leveloffset=+1", "opts=optional", "tag=", "lines=x"]))  # fmt: skip
        return [f"include::{target}[{attrs}]"]
    if kind == "ifeval":
        return [f'ifeval::["{{{name}}}" == "{draw(IDENT)}"]']
    if kind == "endif":
        return [draw(st.sampled_from(["endif::[]", f"endif::{name}[]", "endif::"]))]
    if kind == "one-line":
        return [f"ifdef::{name}[{draw(TEXT_LINE)}]"]
    return [f"{kind}::{name}[]"]


@st.composite
def block(draw, depth: int = 0) -> list[str]:
    kinds = ["paragraph", "section", "anchor", "snippet", "snippet", "dlist", "list", "directive",
             "attribute", "comment", "blank", "tag", "delimited", "meta"]  # fmt: skip
    kind = draw(st.sampled_from(kinds if depth < 3 else kinds[:-2]))
    if kind == "paragraph":
        return draw(st.lists(TEXT_LINE, min_size=1, max_size=3))
    if kind == "section":
        return [f"{'=' * draw(st.integers(1, 7))} {draw(TEXT_LINE)}"]
    if kind == "anchor":
        return [f"[[{draw(IDENT)}{draw(st.sampled_from(['', '-request', '-query-params', '-desc']))}]]"]
    if kind == "snippet":
        return draw(snippet())
    if kind == "dlist":
        marker = draw(st.sampled_from(["::", ":::", "::::", ";;"]))
        return [f"`{draw(IDENT)}`{marker}", f"({draw(st.sampled_from(['Required', 'Optional']))}, string) "
                + draw(TEXT_LINE)]  # fmt: skip
    if kind == "list":
        marker = draw(st.sampled_from(["*", "**", "-", ".", "1.", "a.", "ii)", "<1>", "\u2022"]))
        return [f"{marker} {draw(TEXT_LINE)}"]
    if kind == "directive":
        return draw(directive())
    if kind == "attribute":
        return [f":{draw(st.sampled_from(['a', 'b', '!a', 'leveloffset', 'x!']))}: {draw(TEXT_LINE)}"]
    if kind == "comment":
        return ["// " + draw(TEXT_LINE)]
    if kind == "blank":
        return [""]
    if kind == "tag":
        return [f"// {draw(st.sampled_from(['tag', 'end']))}::{draw(st.sampled_from(['t', 'u']))}[]"]
    if kind == "meta":
        return [draw(st.sampled_from(["[%collapsible]", ".Title", "[source]", "[role=x]", "+", "[#id]"]))]
    delimiter = draw(DELIMITER)
    inner = draw(st.lists(block(depth + 1), max_size=3))
    closing = [delimiter] if draw(st.integers(0, 5)) else []
    return [delimiter, *[line for b in inner for line in b], *closing]


@st.composite
def page_lines(draw) -> list[str]:
    head = [f"[[{draw(IDENT)}]]", f"=== {draw(TEXT_LINE)}", ""] if draw(st.booleans()) else []
    return head + [line for b in draw(st.lists(block(), max_size=12)) for line in b]


NEWLINE = st.sampled_from(["\n", "\n", "\r\n", "\r"])


@st.composite
def built_tree(draw) -> tuple[str, dict[str, bytes]]:
    """A page and the two files it may include, each made of AsciiDoc-shaped blocks."""
    newline = draw(NEWLINE)
    files = {PAGE: page_lines(), "a.asciidoc": page_lines(), "b.asciidoc": page_lines()}
    return PAGE, {name: newline.join(draw(lines)).encode("utf-8") for name, lines in files.items()}


# -- mutating real pages ---------------------------------------------------------------------------

# The longest line docextract reads whole (longer ones are cut, tests/test_limits.py).
LONG_LINE = 100_000
CORPUS_PAGES = sorted(p.relative_to(CORPUS_ROOT).as_posix() for p in CORPUS_ROOT.rglob("*.asciidoc"))


def _roman(number: int) -> bytes:
    """A numeral of the letters roman list markers take, different for each number."""
    digits = b""
    while True:
        digits += b"IVXivx"[number % 6 : number % 6 + 1]
        number //= 6
        if not number:
            return digits


def _nesting(kind: str, depth: int) -> tuple[list[bytes], list[bytes]]:
    """Lines that open `depth` levels of one kind, and the lines that close them."""
    if kind == "blocks":
        opening = [b"=*_"[i % 3 : i % 3 + 1] * (4 + i) for i in range(depth)]
        return opening, opening[::-1]
    if kind == "lists":
        return [b" %s) item" % _roman(i) for i in range(depth)], []
    # A parameter whose children stand in an example block attached with +, and so on down.
    delimiters = [b"=" * (4 + i) for i in range(depth)]
    heads = [b"`p%d`:: (Optional, object)" % i for i in range(depth)]
    opening = [
        line for head, delimiter in zip(heads, delimiters, strict=True) for line in (head, b"+", delimiter)
    ]
    return opening, delimiters[::-1]


# Lines that cost something when a page repeats them: each was once slow or crashed (tests/data/fuzz).
REPEATED = [b"+", b":a: {a}{a}", b"ifdef::a[]", b"endif::[]", b"////", b"// TEST[continued]", b"--",
            b"include::page.asciidoc[]", b"[source,console]", b"<1> x", b"* a", b"== s"]  # fmt: skip
# Long lines: a start that makes a line markup, then one piece over and over.
LONG_STARTS = [b"", b"[source,console,", b"== a", b"image::x", b"// TEST[", b"* ", b"[[", b"a::", b"tag::"]
LONG_PIECES = [b" ", b"[", b":", b"a", b"tag::", b"<titleabbrev>", b"{a}", b"\\", b"s/", b",", b"=", b"("]


@st.composite
def mutation(draw, lines: list[bytes]) -> list[bytes]:
    kinds = ["delete", "duplicate", "swap", "truncate", "bytes", "long", "nest", "repeat", "json"]
    kind = draw(st.sampled_from(kinds))
    if not lines:
        return [draw(st.binary(max_size=50))]
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[at : at + draw(st.integers(1, 5))]
    elif kind == "duplicate":
        lines[at:at] = lines[at : at + draw(st.integers(1, 5))]
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "truncate":  # the file ends in the middle of a line, and of whatever block holds it
        lines[at:] = [lines[at][: draw(st.integers(0, len(lines[at])))]]
    elif kind == "bytes":
        junk = draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xe2\x82", b"\x1b[31m", b"\x00\x01\xfe"]))
        cut = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:cut] + junk + lines[at][cut:]
    elif kind == "long":
        piece = draw(st.sampled_from([lines[at] or b"x", *LONG_PIECES]))
        start = draw(st.sampled_from(LONG_STARTS))
        lines[at] = (start + piece * draw(st.integers(50, LONG_LINE)))[:LONG_LINE]
    elif kind == "nest":
        shape = draw(st.sampled_from(["blocks", "lists", "params"]))
        opening, closing = _nesting(shape, draw(st.integers(5, 1200)))
        lines[at:at] = [*opening, b"inside", *closing]
    elif kind == "repeat":
        lines[at:at] = [draw(st.sampled_from(REPEATED))] * draw(st.integers(2, 5000))
    else:
        depth, digits = draw(st.integers(50, 2000)), draw(st.integers(1, 5000))
        body = b"[" * depth + b"9" * digits + b"]" * depth
        lines[at:at] = [b"[source,console]", b"----", b"POST /x", body, b"----", b""]
    return lines


_INCLUDE = re.compile(rb"^include::([^\[{]*|\{es-ref-dir\}/[^\[{]*)\[", re.MULTILINE)


def with_includes(page: str) -> dict[str, bytes]:
    """A page of the corpus and the files it includes, and they include, at their places."""
    files: dict[str, bytes] = {}
    pending = [page]
    while pending and len(files) < 30:
        name = pending.pop()
        if name in files:
            continue
        files[name] = (CORPUS_ROOT / name).read_bytes()
        for target in _INCLUDE.findall(files[name]):
            target = target.decode()
            if target.startswith("{es-ref-dir}/"):
                path = posixpath.normpath(target[len("{es-ref-dir}/") :])
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            if not path.startswith("..") and (CORPUS_ROOT / path).is_file():
                pending.append(path)
    return files


@st.composite
def mutated_tree(draw) -> tuple[str, dict[str, bytes]]:
    """A page of the corpus with the files it includes, mutated a few times (includes too, sometimes)."""
    page = draw(st.sampled_from(CORPUS_PAGES))
    files = with_includes(page)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files))) if draw(st.integers(0, 3)) == 0 else page
        files[name] = b"\n".join(draw(mutation(files[name].split(b"\n"))))
    return page, files


# -- pages past the limits (tests/test_limits.py, bench/fuzz.py --limits) ----------------------------

SNIPPET = "[source,console]\n----\nGET /\n----\n"
REQUEST_BODY = "=== T\n\n[[t-request-body]]\n==== Request body\n\n"


def yaml_laughs() -> str:
    """Nine levels of nine aliases ("billion laughs"): 387 million strings in *i, were they all repeated."""
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def limit_pages() -> dict[str, dict[str, str | bytes]]:
    """For each limit of the README, files with a page (page.asciidoc, or page.md) that goes past it."""
    chain = {f"f{i}.asciidoc": f"line {i}\ninclude::f{i + 1}.asciidoc[]\n" for i in range(200)}
    doubling = {f"f{i}.asciidoc": f"include::f{i + 1}.asciidoc[]\n" * 2 for i in range(30)}
    blocks = ["=*_"[i % 3] * (4 + i // 3) for i in range(1000)]
    lists = [f" {_roman(i).decode()}) item" for i in range(1000)]
    parameters = [f"`p{i}`::\n(Optional, object) x\n+\n{'=' * (4 + i)}" for i in range(1000)]
    backtracking = "[source,console]\n----\nGET /" + "a" * 40 + "!\n----\n// TEST[s/(a|aa)+$/x/]\n"
    return {
        "include depth": {PAGE: "=== T\n\ninclude::f0.asciidoc[]\n", **chain},
        "include cycle": {
            PAGE: "=== T\n\ninclude::a.asciidoc[]\n",
            "a.asciidoc": "include::page.asciidoc[]\n",
        },
        "includes doubling 30 times": {
            PAGE: "=== T\n\ninclude::f0.asciidoc[]\n",
            **doubling,
            "f30.asciidoc": SNIPPET,
        },
        "50 MB page": {PAGE: ("=== T\n\n" + "Some prose, and more prose.\n" * 2_000_000).encode()},
        "10 MB line": {PAGE: "=== T\n\n[source,console," + "a" * 10_000_000 + "\n"},
        "1 MB line": {PAGE: "=== T\n\n" + SNIPPET + "// TEST[" + "continued " * 100_000 + "]\n"},
        "attributes doubling": {PAGE: "=== T\n\n" + ":a: {a}{a}\n" * 1000 + "{a}\n"},
        "blocks 1,000 deep": {PAGE: REQUEST_BODY + "\n".join(blocks) + "\n" + SNIPPET},
        "lists 1,000 deep": {PAGE: REQUEST_BODY + "\n".join(lists) + "\n" + SNIPPET},
        "parameters 1,000 deep": {PAGE: REQUEST_BODY + "\n".join(parameters) + "\n" + SNIPPET},
        "body 1,000 deep": {
            PAGE: "=== T\n\n" + SNIPPET.replace("GET /", "POST /x\n" + "[" * 1000 + "]" * 1000)
        },
        "backtracking substitution": {PAGE: "=== T\n\n" + backtracking},
        # A Markdown page: its front matter is YAML (9 levels of 9 aliases: 387 million strings).
        "YAML aliases 9 deep": {MARKDOWN_PAGE: f"---\n{yaml_laughs()}navigation_title: *i\n---\n# T\n"},
        "substitution groups 500 deep": {
            PAGE: "=== T\n\n" + SNIPPET + "// TEST[s/" + "(" * 500 + "a" + ")" * 500 + "/x/]\n\n" + SNIPPET
        },
    }


def check_limit(files: dict[str, str | bytes]) -> Verdict:
    page = MARKDOWN_PAGE if MARKDOWN_PAGE in files else PAGE
    return check(page, {name: d.encode() if isinstance(d, str) else d for name, d in files.items()})


# -- the property ----------------------------------------------------------------------------------


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0  # the largest resident memory of the process that ran both commands
    grown_mb: float = 0.0  # … less what it had when it started (a fork of the caller)
    hang: bool = False
    stderr: dict[str, str] = field(default_factory=dict)  # what each command wrote: JSON diagnostics

    def codes(self, command: str) -> list[str]:
        lines = self.stderr[command].splitlines()
        return [json.loads(line)["code"] for line in lines if line.startswith("{")]


def _judge(command: str, status: int, stderr: str) -> list[str]:
    problems = []
    if status not in (0, 3):
        problems.append(f"{command}: exit status {status}: {stderr[-2000:]}")
    for line in stderr.splitlines():
        if not line.startswith("{"):
            continue
        problem = json.loads(line)
        if problem["code"] == "internal-error":
            problems.append(f"{command}: {problem['title']}")
        elif problem["line"] is None or problem["column"] is None:
            problems.append(f"{command}: no position: {line}")
    return problems


def _run_commands(folder: Path, page: str, files: dict[str, bytes]) -> dict:
    root = folder / "docs"
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    page = str(root / page)
    common = ("--docs-root", str(root), "--error-format", "json")
    converted = run_cli("convert", page, "-j", "1", *common)
    tested = run_cli("tests", page, "-o", str(folder / "out"), *common)
    return {
        "problems": _judge("convert", converted.status, converted.stderr)
        + _judge("tests", tested.status, tested.stderr),
        "stderr": {"convert": converted.stderr, "tests": tested.stderr},
    }


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def check(page: str, files: dict[str, bytes], time_limit: float = TIME_LIMIT) -> Verdict:
    """Run convert and tests on the page in a forked process, and judge what they did.

    A process of its own, because a hang may sit in C code (a regex backtracking) that no signal
    interrupts: it is killed at the time limit. Its peak memory comes with its exit status.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        done_r, done_w = os.pipe()  # closed by the child's exit: the parent waits on it with a timeout
        baseline = _resident_mb()
        pid = os.fork()
        if pid == 0:
            os.close(done_r)
            try:
                outcome = _run_commands(folder, page, files)
            except BaseException as err:  # the verdict must come back whatever happened
                outcome = {"problems": [f"the check failed: {err!r}"], "stderr": {}}
            (folder / "verdict.json").write_text(json.dumps(outcome))
            os._exit(0)
        os.close(done_w)
        ready, _, _ = select.select([done_r], [], [], time_limit)
        os.close(done_r)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        peak = usage.ru_maxrss / 1024
        verdict = Verdict(seconds=time.perf_counter() - started, peak_mb=peak, grown_mb=peak - baseline)
        if not ready:
            verdict.hang = True
            verdict.problems.append(f"hang: still running after {time_limit:g} s")
        else:
            outcome = json.loads((folder / "verdict.json").read_text())
            verdict.problems, verdict.stderr = outcome["problems"], outcome["stderr"]
    return verdict


def describe(files: dict[str, bytes]) -> str:
    return "\n".join(f"--- {name} ({len(data)} bytes)\n{data[:3000]!r}" for name, data in files.items())
