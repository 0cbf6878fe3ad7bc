"""Apply a snippet's `s/PATTERN/REPLACEMENT/` substitutions with Java's semantics.

Patterns are Java regexes (syntax/javaregex.py) and replacements Java replacement text
(testgen/replacement.py). Substitutions with the same pattern text are applied together, at the
place of the first one, as the reference's multimap does. Every application is time-bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from docextract.model import Pos, Substitution
from docextract.syntax import javaregex
from docextract.testgen import replacement as replacement_text


class SubstitutionError(ValueError):
    """A pattern or replacement Java would reject (or that cannot be translated)."""


@dataclass(frozen=True)
class Problem:
    """A substitution that is invalid, matches nothing or runs too long, and where it is written."""

    code: str  # substitution-unmatched | substitution-invalid | substitution-timeout
    message: str
    pos: Pos
    hint: str | None = None  # when the code's own hint would not say why


def compile_pattern(pattern: str) -> regex.Pattern:
    try:
        return javaregex.compile(pattern)
    except javaregex.InvalidRegex as err:
        raise SubstitutionError(f"invalid regex: {err}") from None
    except javaregex.JavaRegexError as err:
        raise SubstitutionError(str(err)) from None


def prepare_replacement(text: str) -> str:
    """What the reference does to a replacement before Java sees it: `$body` and `$_path` stay
    literal text (they are stash references of the test), and `\\n` is a newline."""
    return text.replace("$body", "\\$body").replace("$_path", "\\$_path").replace("\\n", "\n")


def substitute(content: str, pattern: str, replacement: str) -> tuple[str, int]:
    """One replaceAll with Java semantics: (new content, number of matches)."""
    compiled = compile_pattern(pattern)
    try:
        expand = replacement_text.expander(replacement_text.parse(prepare_replacement(replacement)), compiled)
        return javaregex.subn(compiled, expand, content)
    except replacement_text.ReplacementError as err:
        raise SubstitutionError(str(err)) from None


def apply(
    content: str, substitutions: tuple[Substitution, ...], defaults: dict[str, str], fallback: Pos
) -> tuple[str, list[Problem]]:
    """All of a snippet's substitutions, defaults first, grouped by pattern text as the reference does."""
    # A position marks what the writer wrote: defaults and non_json's own substitutions may match nothing.
    groups: dict[str, list[tuple[str, Pos | None]]] = {
        pattern: [(value, None)] for pattern, value in defaults.items()
    }
    for sub in substitutions:
        groups.setdefault(sub.pattern, []).append((sub.replacement, None if sub.generated else sub.pos))
    problems: list[Problem] = []
    for pattern, replacements in groups.items():
        matched: Pos | None = None  # the first of the group's writer's substitutions that matched
        for replacement, pos in replacements:
            try:
                content, count = substitute(content, pattern, replacement)
            except SubstitutionError as err:
                problems.append(
                    Problem("substitution-invalid", f"s/{pattern}/{replacement}/: {err}", pos or fallback)
                )
            except TimeoutError:
                seconds = f"{javaregex.TIMEOUT_SECONDS:g}"
                problems.append(
                    Problem(
                        "substitution-timeout",
                        f"s/{pattern}/…/ took more than {seconds} s (catastrophic backtracking?)",
                        pos or fallback,
                    )
                )
                # The snippet is left out of the tests already; its other patterns could each take as
                # long again, so a snippet spends one time bound at most.
                return content, problems
            else:
                if count and matched is None:
                    matched = pos
                if count == 0 and pos is not None:
                    problems.append(_unmatched(pattern, pos, matched))
    return content, problems


def _unmatched(pattern: str, pos: Pos, earlier: Pos | None) -> Problem:
    """A substitution that matched nothing; when one with the same pattern did before it, why: the
    writer meant each for its own place (the first match, then the second), which no replaceAll does."""
    if earlier is None or earlier == pos:
        return Problem("substitution-unmatched", f"s/{pattern}/…/ matches nothing", pos)
    return Problem(
        "substitution-unmatched",
        f"s/{pattern}/…/ matches nothing: the one with the same pattern at line {earlier.line} replaced "
        "every match",
        pos,
        "each substitution replaces every match, and those with the same pattern are applied together "
        "(as Elasticsearch applies them); make this pattern match only its own place, with the text around "
        "the value, or remove it",
    )
