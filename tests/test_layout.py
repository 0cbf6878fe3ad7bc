"""The shape of the code: imports run one way, modules stay small, each grammar has one owner."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "docextract"

# The layers, lowest first. Contracts are the frozen data every stage shares; syntax is what several
# stages read; each stage is a unit of its own; composition (the commands) puts the stages together.
CONTRACTS = {
    "model",
    "suite",
    "results",
    "setups",
    "diagnostics",
    "exitstatus",
    "settings",
    "frontend",
    "clock",
    "rules",
    "cachefolder",
    "position",
    "atomicfile",
    "firstuse",
}
SYNTAX = {"syntax"}
STAGES = {"asciidoc", "markdown", "gradle", "testgen", "runner", "report", "export", "spec", "checks"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def unit(module: str) -> str:
    """The first name under docextract: the package or top-level module a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(module: str) -> str:
    name = unit(module)
    if name in CONTRACTS:
        return "contracts"
    if name in SYNTAX:
        return "syntax"
    if name in STAGES:
        return "stage"
    return "composition"


def imports(module: str) -> set[str]:
    """Every docextract module this one imports, at the top, inside functions or for type checking."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from docextract.syntax import grammar` names a module; `from docextract.model import Pos` not.
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [name if name in MODULES else node.module for name in names]
        else:
            continue
        found.update(name for name in names if name in MODULES and name != module)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def allowed(importer: str, imported: str) -> bool:
    low, high = layer(imported), layer(importer)
    if unit(importer) == unit(imported) and high != "composition":
        return True  # inside one package
    if low == "contracts":
        return True  # everyone may read the contracts
    if low == "syntax":
        return high in ("syntax", "stage", "composition")
    if low == "stage":
        return high == "composition"  # stages never import each other
    # composition imports composition; the command line is the top: only `python -m` starts it
    return high == "composition" and (imported != "docextract.cli" or importer == "docextract.__main__")


def test_every_import_runs_down_the_layers():
    backwards = sorted(
        f"{importer} imports {imported} ({layer(importer)} → {layer(imported)})"
        for importer, targets in GRAPH.items()
        for imported in targets
        if not allowed(importer, imported)
    )
    assert backwards == []


def test_contracts_import_nothing_but_contracts():
    for module in MODULES:
        if layer(module) == "contracts":
            assert {unit(m) for m in GRAPH[module]} <= CONTRACTS, module


def test_no_import_cycle():
    """Imports inside functions count too: they are how a cycle hides."""
    state: dict[str, str] = {}
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = "done"

    for module in MODULES:
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_layer_check_can_fail():
    # A stage importing another stage, and a contract importing a stage, are refused.
    assert not allowed("docextract.runner.replay", "docextract.testgen.generate")
    assert not allowed("docextract.model", "docextract.asciidoc.page")
    assert not allowed("docextract.commands.run", "docextract.cli")
    assert allowed("docextract.commands.run", "docextract.runner.replay")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small_and_says_what_it_does(module):
    text = MODULES[module].read_text("utf-8")
    assert text.count("\n") <= 300, f"{module} has {text.count(chr(10))} lines: split it by responsibility"
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring, f"{module} has no docstring"


# Each grammar is loaded by the one module that turns its parse trees into data.
GRAMMAR_OWNERS = {
    "asciidoc": "docextract.asciidoc.blocks",
    "directives": "docextract.asciidoc.directives",
    "parameter": "docextract.syntax.parameter",
    "console": "docextract.syntax.console",
    "annotations": "docextract.syntax.annotations",
    "javaregex": "docextract.syntax.javaregex",
    "replacement": "docextract.testgen.replacement",
    "gradle": "docextract.gradle.parse",
}
# Modules that use Lark without owning a grammar: the loader, and the custom lexers of two grammars.
LARK_HELPERS = {
    "docextract.syntax.grammar",
    "docextract.asciidoc.lexer",
    "docextract.asciidoc.tokens",
    "docextract.asciidoc.delimited",
    "docextract.gradle.lex",
}


def test_every_grammar_has_one_owner_and_lark_stays_inside_them():
    grammars = {path.stem for path in (REPO / "grammars").glob("*.lark")}
    assert grammars == set(GRAMMAR_OWNERS)
    loaders: dict[str, set[str]] = {}
    lark_users = set()
    for module, path in MODULES.items():
        text = path.read_text("utf-8")
        for name in re.findall(r'grammar\.load\(\s*"(\w+)"', text):
            loaders.setdefault(name, set()).add(module)
        if re.search(r"^\s*(from lark|import lark)", text, re.MULTILINE):
            lark_users.add(module)
    assert loaders == {name: {owner} for name, owner in GRAMMAR_OWNERS.items()}
    assert lark_users <= set(GRAMMAR_OWNERS.values()) | LARK_HELPERS


def test_every_package_is_in_the_wheel():
    """pyproject lists the packages by name: a new one left out would be missing from an install."""
    listed = re.findall(r'^\s*"(docextract[\w.]*)",', (REPO / "pyproject.toml").read_text("utf-8"), re.M)
    packages = {module_name(path.parent / "__init__.py") for path in PACKAGE.rglob("__init__.py")}
    assert packages | {"docextract.grammars"} == set(listed)


def test_the_command_line_starts_without_the_heavy_modules():
    """`docextract --help` must answer at once: parsers, HTTP and the client load when a command runs."""
    import subprocess
    import sys

    heavy = (
        "lark",
        "requests",
        "elasticsearch",
        "rich",
        "regex",
        "osmem_server",
        "markdown_it",
        "mdit_py_plugins",
    )
    code = f"import sys, docextract.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
