"""The command's process leaves the modules it loads for nothing (inspect, ipaddress; osmem_server's
urllib.request and platform) to their first use: a run from the page cache never loads the first two, a
run on the embedded cluster never the others, and they work when something does use them."""

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import SAMPLES

SRC = Path(__file__).resolve().parent.parent / "src" / "docextract"


def run(code: str, *flags: str, cwd: Path | None = None, **env: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, *flags, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return done.stdout.split()


def test_a_run_from_the_page_cache_loads_none_of_inspect_ipaddress_typing(tmp_path):
    """As installed: the package laid out as a wheel puts it, no .pth file run at start (this
    environment's editable install loads ipaddress)."""
    package = tmp_path / "site"
    shutil.copytree(SRC, package / "docextract", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SRC.parent.parent / "grammars", package / "docextract" / "grammars")
    page = tmp_path / "docs" / "page.asciidoc"  # under no settings file (reading TOML loads typing)
    page.parent.mkdir()
    shutil.copyfile(SAMPLES / "constructs" / "nested-parameters.asciidoc", page)
    code = (
        "import sys\n"
        "from docextract import filestatus\n"
        "from docextract.__main__ import main\n"
        "filestatus.SETTLED_NS = 0  # the page, written just now, is kept in the cache at once\n"
        f"sys.argv = ['docextract', 'convert', {str(page)!r}, '-o', {str(tmp_path / 'out')!r}, '-q']\n"
        "status = main()\n"
        "print(status, *(type(sys.modules[name]).__name__ for name in ('inspect', 'ipaddress')))\n"
        "print('typing' in sys.modules)\n"
    )
    installed = {"PYTHONPATH": f"{package}{os.pathsep}{sysconfig.get_paths()['purelib']}"}
    cache = str(tmp_path / "cache")
    run(code, "-S", cwd=page.parent, XDG_CACHE_HOME=cache, **installed)  # fills the page cache
    again = run(code, "-S", cwd=page.parent, XDG_CACHE_HOME=cache, **installed)
    assert again == ["0", "FirstUse", "FirstUse", "False"]


def test_a_deferred_module_loads_at_its_first_use():
    code = (
        "import sys\n"
        "from docextract import firstuse\n"
        "firstuse.defer('inspect', 'ipaddress')\n"
        "import dataclasses\n"
        "@dataclasses.dataclass\n"
        "class Undocumented:\n"
        "    x: int\n"
        "from ipaddress import ip_address\n"
        "print(Undocumented.__doc__.replace(' ', ''), ip_address('::1').version)\n"
        "print(type(sys.modules['inspect']).__name__, type(sys.modules['ipaddress']).__name__)\n"
    )
    assert run(code) == ["Undocumented(x:int)", "6", "module", "module"]


def test_a_run_on_the_embedded_cluster_loads_none_of_osmem_servers_client(tmp_path):
    """osmem_server imports urllib.request (and with it http.client, email, ssl) for a client of its own,
    which docextract does not use: the command's process leaves it, and platform, to their first use."""
    page = SAMPLES / "api" / "create-index.asciidoc"
    code = (
        "import sys\n"
        "from docextract.__main__ import main\n"
        f"sys.argv = ['docextract', 'run', {str(page)!r}, '--jobs', '1', '-q']\n"
        "status = main()\n"
        "print(status, 'osmem_server' in sys.modules)\n"
        "names = ('urllib.request', 'urllib.error', 'platform', 'http.client', 'ssl')\n"
        "print(*(type(sys.modules.get(name)).__name__ for name in names))\n"
    )
    done = run(code, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert done == ["0", "True", "FirstUse", "FirstUse", "FirstUse", "NoneType", "NoneType"]


def test_a_deferred_submodule_loads_at_its_first_use():
    """Reached as its package's attribute, imported from, or imported under a name of its own."""
    code = (
        "import sys\n"
        "from docextract import firstuse\n"
        "firstuse.defer('urllib.request', 'urllib.error')\n"
        "import urllib.request\n"
        "print(type(urllib.request).__name__)\n"
        "print(urllib.request.Request('http://127.0.0.1:9/x').full_url)\n"
        "from urllib.request import quote\n"
        "import urllib.error as error\n"
        "print(quote('a b'), issubclass(error.HTTPError, OSError))\n"
        "print(urllib.request is sys.modules['urllib.request'], type(sys.modules['urllib.error']).__name__)\n"
    )
    assert run(code) == ["FirstUse", "http://127.0.0.1:9/x", "a%20b", "True", "True", "module"]


def test_a_module_loaded_already_is_left_as_it_is():
    code = "import sys, inspect\nfrom docextract import firstuse\n"
    code += "firstuse.defer('inspect', 'no_such_module')\n"
    code += "print(type(sys.modules['inspect']).__name__, 'no_such_module' in sys.modules)\n"
    assert run(code) == ["module", "False"]


def test_every_dataclass_of_ours_has_a_docstring():
    """dataclasses loads inspect to write the docstring of a class that has none: each of ours has one,
    so the command's deferral of inspect holds."""
    undocumented = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None:
                names = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
                if names & {"dataclass", "dataclasses.dataclass"}:
                    undocumented.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert undocumented == []
