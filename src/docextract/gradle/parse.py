"""build.gradle's text as syntax nodes (grammars/gradle.lark), or its syntax error explained."""

from __future__ import annotations

from decimal import Decimal

from lark import Lark, Transformer, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken, v_args

from docextract.diagnostics import Diagnostics
from docextract.gradle import nodes
from docextract.gradle.lex import Newlines
from docextract.position import Pos
from docextract.syntax import grammar

# Syntax nested deeper is refused before it is turned into nodes: converting and running them recurse.
MAX_NESTING = 100
MAX_DIGITS = 100
# Groovy's one-letter escapes: \b \t \n \f \r \s (a space) \" \' \\ \$.
ESCAPES = dict(zip("btnfrs\"'\\$", "\b\t\n\f\r \"'\\$", strict=True))
# How a syntax error names what it found or expected; other terminals are shown as written (`{`).
TERMINAL_NAMES = {
    "NAME": "a name",
    "_TYPE": "a type",
    "NUMBER": "a number",
    **dict.fromkeys(["SQ_TEXT", "TSQ_TEXT", "DQ_TEXT", "TDQ_TEXT"], "text"),
    "ESCAPE": "a backslash escape",
    "STRING_NAME": "`$name`",
    "STRING_PROPERTY": "`.name`",
    "_PARAMS_OPEN": "`{`",
    "_NL": "end of line",
    "$END": "end of file",
}


def _unescape(escape: str) -> str:
    body = escape[1:]
    if body in ESCAPES:
        return ESCAPES[body]
    if body[0] == "u":
        return chr(int(body[1:], 16))
    return "" if body[0] in "\r\n" else chr(int(body, 8))  # a line continuation, or an octal escape


@v_args(meta=True)
class ToNodes(Transformer):
    """Parse tree to Nodes; the only place that sees Lark's trees and tokens."""

    def start(self, meta, children):
        return tuple(child for child in children if child is not None)

    block = start

    def import_stmt(self, meta, children):
        return None

    def declaration(self, meta, children):
        return nodes.Declare(meta.line, meta.column, tuple(children))

    def declarator(self, meta, children):
        return (str(children[0]), children[1] if len(children) > 1 else None)

    def assignment(self, meta, children):
        target, operator, value = children
        return nodes.Assign(meta.line, meta.column, target, str(operator), value)

    def increment(self, meta, children):
        target, operator = children
        one = nodes.Literal(meta.line, meta.column, 1)
        return nodes.Assign(meta.line, meta.column, target, "+=" if operator == "++" else "-=", one)

    def command(self, meta, children):
        head, *arguments = children
        call = nodes.Call(meta.line, meta.column, head, tuple(arguments))
        return nodes.Evaluate(meta.line, meta.column, call)

    def named_argument(self, meta, children):
        return nodes.Opaque(meta.line, meta.column, f"the named argument `{children[0]}:`")

    def expression(self, meta, children):
        return nodes.Evaluate(meta.line, meta.column, children[0])

    def if_stmt(self, meta, children):
        condition, then, *rest = children
        otherwise = rest[0] if rest and isinstance(rest[0], tuple) else tuple(rest)  # a block, or else-if
        return nodes.If(meta.line, meta.column, condition, then, otherwise)

    def for_stmt(self, meta, children):
        return nodes.For(meta.line, meta.column, *children)

    def for_init(self, meta, children):
        return children[0] if children else None

    for_condition = for_update = for_init

    def return_stmt(self, meta, children):
        return nodes.Return(meta.line, meta.column, children[0] if children else None)

    def binary(self, meta, children):
        left, operator, right = children
        return nodes.Operation(meta.line, meta.column, str(operator), (left, right))

    def unary(self, meta, children):
        return nodes.Operation(meta.line, meta.column, str(children[0]), (children[1],))

    def property(self, meta, children):
        return nodes.Property(meta.line, meta.column, children[0], str(children[1]))

    def index(self, meta, children):
        return nodes.Index(meta.line, meta.column, *children)

    def call(self, meta, children):
        callee, *arguments = children
        # `f(a) { … }` parses as `f(a)` called with a closure; Groovy gives f the closure as a last argument.
        trailing = len(arguments) == 1 and isinstance(arguments[0], nodes.ClosureLiteral)
        if trailing and isinstance(callee, nodes.Call):
            return nodes.Call(callee.line, callee.column, callee.callee, (*callee.arguments, arguments[0]))
        return nodes.Call(meta.line, meta.column, callee, tuple(arguments))

    def name(self, meta, children):
        return nodes.Name(meta.line, meta.column, str(children[0]))

    def number(self, meta, children):
        text = str(children[0])
        if len(text) > MAX_DIGITS:  # Python reads no more than 4,300 digits into an int
            return nodes.Opaque(meta.line, meta.column, f"a number of {len(text):,} digits")
        return nodes.Literal(meta.line, meta.column, Decimal(text) if "." in text else int(text))

    def true(self, meta, children):
        return nodes.Literal(meta.line, meta.column, True)

    def false(self, meta, children):
        return nodes.Literal(meta.line, meta.column, False)

    def null(self, meta, children):
        return nodes.Literal(meta.line, meta.column, None)

    def list(self, meta, children):
        return nodes.ListOf(meta.line, meta.column, tuple(children))

    def new(self, meta, children):
        type_name = ".".join(child for child in children if isinstance(child, str))
        return nodes.Opaque(meta.line, meta.column, f"`new {type_name}(…)`")

    def map(self, meta, children):
        return nodes.Opaque(meta.line, meta.column, "a map")

    def closure(self, meta, children):
        parameters = tuple(child for child in children if isinstance(child, str))
        body = tuple(child for child in children if isinstance(child, nodes.Node))
        return nodes.ClosureLiteral(meta.line, meta.column, parameters, body)

    def parameter(self, meta, children):
        return str(children[0])

    def ESCAPE(self, token):
        return _unescape(token)

    def TSQ_TEXT(self, token):  # Groovy drops the CR of CRLF line ends in triple-quoted strings
        return token.replace("\r\n", "\n")

    TDQ_TEXT = TSQ_TEXT

    def string(self, meta, children):
        parts: list = []  # text, with interpolated expressions between
        for child in children:
            if isinstance(child, str) and parts and isinstance(parts[-1], str):
                parts[-1] += child
            else:
                parts.append(str(child) if isinstance(child, str) else child)
        if all(isinstance(part, str) for part in parts):
            return nodes.Literal(meta.line, meta.column, "".join(parts))
        return nodes.Text(meta.line, meta.column, tuple(parts))

    def STRING_NAME(self, token):  # $name in a GString
        return nodes.Name(token.line, token.column, token[1:])

    def string_property(self, meta, children):  # .name after $name in a GString
        target, token = children
        return nodes.Property(token.line, token.column, target, token[1:])


_NEWLINES = Newlines()


def _parser() -> Lark:
    return grammar.load("gradle", postlex=_NEWLINES)


def parse_gradle(text: str, file: str, diagnostics: Diagnostics) -> tuple | None:
    """The script's statements, or None when it does not parse (the error is reported)."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        _syntax_error(error, text, file, diagnostics)
        return None
    deepest = _too_deep(tree)
    if deepest is not None:
        line = deepest.meta.line
        diagnostics.error(
            "gradle-syntax",
            f"this Groovy nests more than {MAX_NESTING} deep (blocks, brackets and operators)",
            Pos(file, line, deepest.meta.column),
            "split the expression or the blocks; Elasticsearch's docs/build.gradle nests 14 deep",
            source_line=text.split("\n")[line - 1],
        )
        return None
    return ToNodes().transform(tree)


def _too_deep(tree: Tree):
    """The first subtree nested past MAX_NESTING, found without recursion, or None."""
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_NESTING:
            return node
        pending.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return None


def _syntax_error(error: UnexpectedInput, text: str, file: str, diagnostics: Diagnostics) -> None:
    lines = text.split("\n")  # as Lark counts lines
    line, column = error.line, error.column
    if isinstance(error, UnexpectedCharacters):
        found, expected = f"`{error.char}`", error.allowed
    elif isinstance(error, UnexpectedToken):
        # A token the parser did not expect was lexed by the lexer of all terminals, where string text
        # outranks the rest: show what it starts with.
        words = str(error.token).split()
        found = f"`{words[0][:20]}`" if words else TERMINAL_NAMES.get(error.token.type, "space")
        expected = error.expected
        if error.token.type == "$END":
            line, column = len(lines), len(lines[-1]) + 1
            if _unclosed(text, file, lines, diagnostics):
                return
    else:
        found, expected = "input", set()
    diagnostics.error(
        "gradle-syntax",
        f"cannot parse this Groovy: unexpected {found}",
        Pos(file, line, column),
        f"expected {_describe(expected)}; docextract reads the part of Groovy that Elasticsearch's "
        "docs/build.gradle uses (grammars/gradle.lark)",
        source_line=lines[line - 1],
    )


def _unclosed(text: str, file: str, lines: list[str], diagnostics: Diagnostics) -> bool:
    # A string opened with three quotes and never closed runs to the end of the file: say where it opens.
    for quotes in ("'''", '"""'):
        if text.count(quotes) % 2:
            start = text.rindex(quotes)
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            diagnostics.error(
                "gradle-syntax",
                f"this {quotes} string is never closed",
                Pos(file, line, column),
                f"close it with {quotes} where the setup ends",
                source_line=lines[line - 1],
                span=3,
            )
            return True
    return False


def _describe(names) -> str:
    patterns = {terminal.name: terminal.pattern for terminal in _parser().terminals}
    words = {
        TERMINAL_NAMES[name] if name in TERMINAL_NAMES else f"`{patterns[name].value}`"
        for name in names
        if name in TERMINAL_NAMES or (name in patterns and patterns[name].type == "str")
    }
    listed = sorted(words, key=lambda word: (word.startswith("`"), word))
    return ", ".join(listed[:12]) + (", …" if len(listed) > 12 else "") or "something else"
