"""The docs' regexes run on responses (match /…/, catch /…/, warnings_regex): Java syntax, time-bounded."""

from __future__ import annotations

from functools import lru_cache

import regex

from docextract.testgen.substitute import TIMEOUT_SECONDS, SubstitutionError, translate_pattern


class PatternError(ValueError):
    """A regex that is not valid, or that took too long on a response."""


@lru_cache(maxsize=1024)
def _compile(pattern: str, comments: bool) -> regex.Pattern:
    # The Java runner compiles match and catch patterns with Pattern.COMMENTS, warnings ones without.
    flags = regex.ASCII | regex.V0 | (regex.VERBOSE if comments else 0)
    try:
        return regex.compile(translate_pattern(pattern), flags)
    except (SubstitutionError, regex.error) as err:
        raise PatternError(f"is not valid: {err}") from None


def search(pattern: str, text: str, comments: bool = False) -> bool:
    """Whether the pattern matches anywhere in text; PatternError if invalid or too slow."""
    try:
        return _compile(pattern, comments).search(text, timeout=TIMEOUT_SECONDS) is not None
    except TimeoutError:
        # A pattern with catastrophic backtracking must not hang the run.
        raise PatternError(f"took longer than {TIMEOUT_SECONDS:g} s to match") from None
