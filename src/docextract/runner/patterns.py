"""The docs' regexes run on responses (match /…/, catch /…/, warnings_regex), with the runner's messages."""

from __future__ import annotations

from docextract.syntax import javaregex


class PatternError(ValueError):
    """A regex that is not valid, or that took too long on a response."""


def search(pattern: str, text: str, comments: bool = False) -> bool:
    """Whether the pattern matches anywhere in text; PatternError if invalid or too slow.

    Elasticsearch's runner compiles match and catch patterns with Pattern.COMMENTS (comments=True),
    warnings ones without.
    """
    try:
        return javaregex.search(pattern, text, comments)
    except javaregex.JavaRegexError as err:
        raise PatternError(f"is not valid: {err}") from None
    except TimeoutError:
        # A pattern with catastrophic backtracking must not hang the run.
        raise PatternError(f"took longer than {javaregex.TIMEOUT_SECONDS:g} s to match") from None
