"""What Lark imports for nothing of ours (regex, tempfile) waits for its first use in the command's
process, and works then; a process docextract is a guest in keeps the modules as they are."""

import subprocess
import sys

import pytest


def run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_lark_leaves_regex_and_tempfile_unloaded():
    code = (
        "import sys, docextract.syntax; docextract.syntax.defer_lark_extras(); import lark; "
        "print(*(type(sys.modules[name]).__name__ for name in ('regex', 'tempfile')))"
    )
    assert run(code) == ["FirstUse", "FirstUse"]


def test_a_module_left_for_later_loads_at_its_first_use():
    code = (
        "import sys, docextract.syntax; docextract.syntax.defer_lark_extras(); import lark, regex; "
        "print(regex.compile('a+').match('aab').group(0), type(sys.modules['regex']).__name__); "
        "from docextract.syntax import javaregex; print(type(javaregex.regex).__name__)"
    )
    assert run(code) == ["aa", "module", "module"]


@pytest.mark.parametrize("first", ["regex", "tempfile"])
def test_a_module_loaded_before_lark_stays_as_it_is(first):
    code = (
        f"import sys, {first}, docextract.syntax; docextract.syntax.defer_lark_extras(); import lark; "
        f"print(type(sys.modules['{first}']).__name__)"
    )
    assert run(code) == ["module"]


def test_the_stand_ins_wait_for_lark():
    """Before Lark is imported nothing is put in sys.modules (`docextract --help` loads neither)."""
    code = "import sys, docextract.cli; print('regex' in sys.modules, 'tempfile' in sys.modules)"
    assert run(code) == ["False", "False"]


def test_only_the_command_defers_them():
    """Imported as a library (the pytest plugin), docextract leaves Lark's imports alone; the command
    defers them."""
    library = "import sys, docextract.syntax.grammar, lark; print(type(sys.modules['regex']).__name__)"
    assert run(library) == ["module"]
    command = (
        "import sys; from docextract.__main__ import main; sys.argv[1:] = ['config', '.']; main(); "
        "import lark; print(type(sys.modules['regex']).__name__)"
    )
    assert run(command)[-1] == "FirstUse"
    in_process = "import sys, docextract.cli; docextract.cli.main(['config', '.']); import lark; "
    in_process += "print(type(sys.modules['regex']).__name__)"
    assert run(in_process)[-1] == "module"  # cli.main alone: a test's process, a host application
