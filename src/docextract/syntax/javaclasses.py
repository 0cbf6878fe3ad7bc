r"""Java's named character classes (\p{Alpha}, \p{javaLowerCase}) as class bodies of Python's regex module."""

from __future__ import annotations

# Java's \h and \v (horizontal and vertical whitespace); Python has no such escapes.
HORIZONTAL = r" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000"
VERTICAL = r"\n\x0B\f\r\x85\u2028\u2029"

# Java's POSIX classes are ASCII-only, unless (?U) makes them Unicode; regex's \p{Alpha} would be Unicode.
POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": r"\x00-\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": r"!-/:-@\[-`{-~",
    "Graph": r"!-~",
    "Print": r" -~",
    "Blank": r" \t",
    "Cntrl": r"\x00-\x1F\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": r" \t\n\x0B\f\r",
}
# Under (?U), as java.util.regex.Pattern documents them; Graph, Print and Blank are set differences,
# which the regex module's version 0 cannot write.
POSIX_UNICODE = {
    "Lower": r"\p{Lowercase}",
    "Upper": r"\p{Uppercase}",
    "ASCII": r"\x00-\x7F",
    "Alpha": r"\p{Alphabetic}",
    "Digit": r"\p{Nd}",
    "Alnum": r"\p{Alphabetic}\p{Nd}",
    "Punct": r"\p{P}",
    "Cntrl": r"\p{Cc}",
    "XDigit": r"\p{Nd}\p{Hex_Digit}",
    "Space": r"\p{White_Space}",
}

_IGNORABLE = r"\x00-\x08\x0E-\x1B\x7F-\x9F\p{Cf}"  # Character.isIdentifierIgnorable
# \p{javaXxx}: java.lang.Character's isXxx methods.
JAVA = {
    "javaLowerCase": r"\p{Lowercase}",
    "javaUpperCase": r"\p{Uppercase}",
    "javaTitleCase": r"\p{Lt}",
    "javaDigit": r"\p{Nd}",
    "javaDefined": r"\P{Cn}",
    "javaLetter": r"\p{L}",
    "javaLetterOrDigit": r"\p{L}\p{Nd}",
    "javaAlphabetic": r"\p{Alphabetic}",
    "javaIdeographic": r"\p{Ideographic}",
    "javaSpaceChar": r"\p{Z}",
    # The separators but the three no-break spaces, and the ASCII controls Java counts as whitespace.
    "javaWhitespace": r"\t-\r\x1C-\x1F \u1680\u2000-\u2006\u2008-\u200A\u205F\u3000\u2028\u2029",
    "javaMirrored": r"\p{Bidi_Mirrored}",
    "javaISOControl": r"\x00-\x1F\x7F-\x9F",
    "javaIdentifierIgnorable": _IGNORABLE,
    "javaJavaIdentifierStart": r"\p{L}\p{Nl}\p{Sc}\p{Pc}",
    "javaJavaIdentifierPart": r"\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mc}\p{Mn}" + _IGNORABLE,
    "javaUnicodeIdentifierStart": r"\p{ID_Start}",
    "javaUnicodeIdentifierPart": r"\p{ID_Continue}" + _IGNORABLE,
}
