"""read_gradle: build.gradle parsed, then run, to the named setups and teardowns it defines.

What it defines, and the problems found, are kept in the user's cache folder, keyed by the file's
text and name and by the code of this package and its grammar: running Elasticsearch's build file
costs more than validating a whole docs tree whose pages come from the page cache.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from docextract.cachefolder import blake2b, cache_file, hash_of, keep
from docextract.diagnostics import Diagnostics
from docextract.setups import Setups


def read_gradle(text: str, file: str, diagnostics: Diagnostics) -> Setups:
    """The setups, teardowns and expectedUnconvertedCandidates that build.gradle defines."""
    key = hash_of(f"{file}\0{text}".encode()) + _code_key()
    cached = cache_file("gradle", key, ".pickle")
    if cached is not None:
        try:
            setups, found = pickle.loads(cached.read_bytes())
        except Exception:  # absent, half-written by a killed run, or from other code: run it again
            pass
        else:
            if isinstance(setups, Setups):
                for diagnostic in found:
                    diagnostics.add(diagnostic)
                return setups
    own = Diagnostics()
    setups = _run(text, file, own)
    for diagnostic in own:
        diagnostics.add(diagnostic)
    if cached is not None:
        keep(cached, pickle.dumps((setups, own.items), protocol=pickle.HIGHEST_PROTOCOL))
    return setups


def _run(text: str, file: str, diagnostics: Diagnostics) -> Setups:
    # Imported here: a file found in the cache needs neither the parser nor the evaluator.
    from docextract.gradle.evaluate import Script
    from docextract.gradle.parse import parse_gradle
    from docextract.gradle.task import RestTests

    statements = parse_gradle(text, file, diagnostics)
    if statements is None:
        return Setups()
    task = RestTests(file, diagnostics)
    Script(task).run_file(statements)
    return task.definitions()


def _code_key() -> str:
    """The package's modules and its grammar: a changed reader never reads an old entry."""
    import docextract.grammars

    digest = blake2b(Path(docextract.grammars.__file__).with_name("gradle.lark").read_bytes(), digest_size=16)
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()
