"""The docs' regexes run on responses (match /…/, catch /…/, warnings_regex), with the runner's messages.

The test framework compiles each kind its own way: `match: /…/` with Pattern.COMMENTS and find(),
`catch: /…/` with no flag and find(), warnings_regex and allowed_warnings_regex with no flag and
matches() (the whole warning).
"""

from __future__ import annotations

from docextract.syntax import javaregex


class PatternError(ValueError):
    """A regex that is not valid, or that took too long on a response."""


def search(pattern: str, text: str, comments: bool = False) -> bool:
    """Whether the pattern matches anywhere in text (Java's find()); PatternError if invalid or too slow."""
    try:
        return javaregex.search(pattern, text, comments)
    except javaregex.JavaRegexError as err:
        raise PatternError(f"is not valid: {err}") from None
    except TimeoutError:
        raise _too_slow() from None


def whole(pattern: str, text: str) -> bool:
    """Whether the pattern matches all of text (Java's matches()); PatternError if invalid or too slow."""
    try:
        compiled = javaregex.compile(pattern)
        return compiled.fullmatch(text, timeout=javaregex.TIMEOUT_SECONDS) is not None
    except javaregex.JavaRegexError as err:
        raise PatternError(f"is not valid: {err}") from None
    except TimeoutError:
        raise _too_slow() from None


def _too_slow() -> PatternError:
    # A pattern with catastrophic backtracking must not hang the run.
    return PatternError(f"took longer than {javaregex.TIMEOUT_SECONDS:g} s to match")
