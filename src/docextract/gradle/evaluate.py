"""Runs the statements of docs/build.gradle and keeps what they assign to setups and teardowns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass

from docextract.diagnostics import Diagnostics
from docextract.gradle import nodes
from docextract.gradle.values import (
    Closure,
    Scope,
    Unknown,
    Unsupported,
    binary,
    is_number,
    kind_of,
    text,
    truth,
    unary,
)
from docextract.model import Pos
from docextract.setups import NamedSetup, Setups

KINDS = {"setups": "setup", "teardowns": "teardown"}
UNCONVERTED = "expectedUnconvertedCandidates"
LOOP_LIMIT = 100_000
DEPTH_LIMIT = 100
HINT = (
    "docextract evaluates strings, numbers, lists, local variables, closures defined in this file, "
    "for, if, + and .replace(), and knows nothing of Gradle's objects: build the text from those"
)


class _Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


@dataclass(frozen=True)
class FragmentMap:
    kind: str  # setups or teardowns


class Task:
    """buildRestTests: only its setups, teardowns and expectedUnconvertedCandidates exist here."""


TASK = Task()


class Script:
    """Runs build.gradle's statements, keeping what they assign to setups, teardowns and
    expectedUnconvertedCandidates. Any other statement that cannot be evaluated is skipped quietly."""

    def __init__(self, file: str, diagnostics: Diagnostics):
        self.file = file
        self.diagnostics = diagnostics
        self.texts: dict[str, dict[str, tuple[str, Pos]]] = {kind: {} for kind in KINDS}
        self.left_out: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.unconverted: list | None = None
        self.reported: set[tuple] = set()
        self.depth = 0
        builtins = Scope({"buildRestTests": TASK, **{kind: FragmentMap(kind) for kind in KINDS}})
        self.globals = Scope({}, builtins)

    def run_file(self, statements: tuple) -> None:
        with suppress(_Return):  # a return at the top level ends a Groovy script
            self.run(statements, self.globals)

    def definitions(self) -> Setups:
        made = {
            kind: {name: NamedSetup(name, value, pos) for name, (value, pos) in texts.items()}
            for kind, texts in self.texts.items()
        }
        unconverted = None if self.unconverted is None else tuple(self.unconverted)
        return Setups(made["setups"], made["teardowns"], unconverted)

    def run(self, statements: tuple, scope: Scope):
        """The statements in order; the value of the last one, which a closure returns."""
        result = None
        for statement in statements:
            result = self.execute(statement, scope)
        return result

    def execute(self, statement: nodes.Node, scope: Scope):
        try:
            return self._execute(statement, scope)
        except Unsupported as problem:
            assigned = list(self._assigned(statement, scope, set()))
            if assigned:
                self._leave_out(assigned, statement, problem)
            return None

    def _execute(self, statement: nodes.Node, scope: Scope):
        match statement:
            case nodes.Evaluate(expression=expression):
                return self.evaluate(expression, scope)
            case nodes.Assign():
                self._assign(statement, scope)
            case nodes.Declare(names=names):
                for name, initial in names:
                    scope.names[name] = None if initial is None else self._value_or_unknown(initial, scope)
            case nodes.If(condition=condition, then=then, otherwise=otherwise):
                self.run(then if truth(self.evaluate(condition, scope)) else otherwise, Scope({}, scope))
            case nodes.For():
                self._loop(statement, Scope({}, scope))
            case nodes.Return(value=value):
                raise _Return(None if value is None else self.evaluate(value, scope))
        return None

    def _loop(self, loop: nodes.For, scope: Scope) -> None:
        if loop.start is not None:
            self._execute(loop.start, scope)
        for _ in range(LOOP_LIMIT):
            if loop.condition is not None and not truth(self.evaluate(loop.condition, scope)):
                return
            self.run(loop.body, Scope({}, scope))
            if loop.step is not None:
                self._execute(loop.step, scope)
        raise Unsupported(f"a loop that runs more than {LOOP_LIMIT} times", loop.line)

    def _value_or_unknown(self, node: nodes.Node, scope: Scope):
        try:
            return self.evaluate(node, scope)
        except Unsupported as problem:
            return Unknown(problem.what, problem.line)

    def _new_value(self, statement: nodes.Assign, current, scope: Scope):
        value = self.evaluate(statement.value, scope)
        if statement.operator == "=":
            return value
        return binary(statement.operator[0], current(), value, statement.line)

    def _assign(self, statement: nodes.Assign, scope: Scope) -> None:
        target = statement.target
        if isinstance(target, nodes.Name):
            holder = scope.find(target.name)
            if holder is None or holder.parent is None:  # undeclared, or a builtin: a script variable
                holder = self.globals
            try:
                value = self._new_value(statement, lambda: self._lookup(target, scope), scope)
            except Unsupported as problem:
                value = Unknown(problem.what, problem.line)
            holder.names[target.name] = value
            return
        owned = isinstance(target, nodes.Index | nodes.Property)
        owner = self.evaluate(target.target, scope) if owned else None
        if isinstance(target, nodes.Index) and isinstance(owner, FragmentMap):
            self._assign_fragment(statement, owner.kind, self.evaluate(target.key, scope), scope)
        elif isinstance(target, nodes.Property) and target.name == UNCONVERTED and owner is TASK:
            value = self._new_value(statement, lambda: self.unconverted, scope)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise Unsupported("a value other than a list of strings", statement.value.line)
            self.unconverted = value
        else:
            raise Unsupported("an assignment to anything but a variable or a setup", statement.line)

    def _assign_fragment(self, statement: nodes.Assign, kind: str, name, scope: Scope) -> None:
        if not isinstance(name, str):
            raise Unsupported(f"a {KINDS[kind]} name that is not a string", statement.target.line)
        texts = self.texts[kind]
        if statement.operator != "=" and name in self.left_out[kind]:
            return  # adding to a setup that is already left out, and reported
        try:
            value = self._new_value(statement, lambda: texts[name][0] if name in texts else None, scope)
            if not isinstance(value, str):
                raise Unsupported(f"a {KINDS[kind]} that is not a string", statement.value.line)
        except Unsupported as problem:
            self._leave_out([(kind, name)], statement, problem)
            return
        kept = statement.operator != "=" and name in texts
        texts[name] = (value, texts[name][1] if kept else Pos(self.file, statement.line, statement.column))
        self.left_out[kind].discard(name)

    def _assigned(self, node: nodes.Node, scope: Scope, seen: set) -> Iterator[tuple[str, str | None]]:
        """What a statement would assign among setups, teardowns and expectedUnconvertedCandidates, as far
        as can be told without running it: (kind, name), the name None when it is computed."""
        match node:
            case nodes.Assign(target=nodes.Index(target=nodes.Name() | nodes.Property() as owner, key=key)):
                if owner.name in KINDS:
                    literal = isinstance(key, nodes.Literal) and isinstance(key.value, str)
                    yield owner.name, key.value if literal else None
            case nodes.Assign(target=nodes.Property(name=name)) if name == UNCONVERTED:
                yield UNCONVERTED, None
            case nodes.If(then=then, otherwise=otherwise):
                for inner in then + otherwise:
                    yield from self._assigned(inner, scope, seen)
            case nodes.For(body=body):
                for inner in body:
                    yield from self._assigned(inner, scope, seen)
            case nodes.Evaluate(expression=nodes.Call(callee=nodes.Name(name=name))):
                holder = scope.find(name)
                closure = holder.names[name] if holder else None
                if isinstance(closure, Closure) and id(closure) not in seen:
                    seen.add(id(closure))
                    for inner in closure.body:
                        yield from self._assigned(inner, closure.scope, seen)

    def _leave_out(self, assigned: list, statement: nodes.Node, problem: Unsupported) -> None:
        subjects = []
        for kind, name in assigned:
            if kind == UNCONVERTED:
                self.unconverted = None
                subjects.append(UNCONVERTED)
            elif name is None:
                subjects.append(f"the {kind} assigned here")
            else:
                self.left_out[kind].add(name)
                self.texts[kind].pop(name, None)
                subjects.append(f"{KINDS[kind]} '{name}'")
        where = f" (line {problem.line})" if problem.line != statement.line else ""
        title = f"{', '.join(dict.fromkeys(subjects))} left out: cannot evaluate {problem.what}{where}"
        if (statement.line, statement.column, title) not in self.reported:
            self.reported.add((statement.line, statement.column, title))
            pos = Pos(self.file, statement.line, statement.column)
            self.diagnostics.warning("gradle-unsupported", title, pos, HINT)

    def evaluate(self, node: nodes.Node, scope: Scope):
        match node:
            case nodes.Literal(value=value):
                return value
            case nodes.Text(parts=parts):
                return "".join(
                    p if isinstance(p, str) else text(self.evaluate(p, scope), p.line) for p in parts
                )
            case nodes.Name():
                return self._lookup(node, scope)
            case nodes.Property(target=target, name=name):
                owner = self.evaluate(target, scope)
                if owner is TASK and name in KINDS:
                    return FragmentMap(name)
                if owner is TASK and name == UNCONVERTED:
                    return self.unconverted
                raise Unsupported(f"the property `{name}`", node.line)
            case nodes.Index(target=target, key=key):
                return self._index(self.evaluate(target, scope), self.evaluate(key, scope), node.line)
            case nodes.Call():
                return self._call(node, scope)
            case nodes.Operation(operator="&&" | "||" as symbol, operands=(left, right)):
                value = truth(self.evaluate(left, scope))
                return value if value == (symbol == "||") else truth(self.evaluate(right, scope))
            case nodes.Operation(operator=symbol, operands=(left, right)):
                return binary(symbol, self.evaluate(left, scope), self.evaluate(right, scope), node.line)
            case nodes.Operation(operator=symbol, operands=(operand,)):
                return unary(symbol, self.evaluate(operand, scope), node.line)
            case nodes.ListOf(items=items):
                return [self.evaluate(item, scope) for item in items]
            case nodes.ClosureLiteral(parameters=parameters, body=body):
                return Closure(parameters, body, scope)
            case nodes.Opaque(what=what):
                raise Unsupported(what, node.line)
        raise Unsupported("this expression", node.line)

    def _lookup(self, node: nodes.Name, scope: Scope):
        holder = scope.find(node.name)
        if holder is None:
            raise Unsupported(f"`{node.name}`, which this file does not define", node.line)
        value = holder.names[node.name]
        if isinstance(value, Unknown):
            raise Unsupported(f"`{node.name}`, set from {value.what} at line {value.line}", node.line)
        return value

    def _index(self, owner, key, line: int):
        if isinstance(owner, FragmentMap) and isinstance(key, str):
            if key in self.left_out[owner.kind]:
                raise Unsupported(f"{KINDS[owner.kind]} '{key}', which is left out", line)
            found = self.texts[owner.kind].get(key)
            return found[0] if found else None  # a Groovy map gives null for a missing key
        if isinstance(owner, list) and is_number(key) and isinstance(key, int):
            return owner[key] if -len(owner) <= key < len(owner) else None
        raise Unsupported(f"the index [{text(key, line)}] of {kind_of(owner)}", line)

    def _call(self, node: nodes.Call, scope: Scope):
        callee = node.callee
        if isinstance(callee, nodes.Name):
            holder = scope.find(callee.name)
            function = holder.names[callee.name] if holder else None
        elif isinstance(callee, nodes.Property):
            function = self.evaluate(callee.target, scope)
            if isinstance(function, str) and callee.name == "replace":
                arguments = [self.evaluate(argument, scope) for argument in node.arguments]
                if len(arguments) != 2 or not all(isinstance(argument, str) for argument in arguments):
                    raise Unsupported("`.replace` with other than two strings", node.line)
                return function.replace(*arguments)  # as Java's: every occurrence, no regular expression
            if callee.name != "call":
                function = None
        else:
            function = self.evaluate(callee, scope)
        if not isinstance(function, Closure):
            # Every other method, Gradle's included, is unknown, and a closure passed to it never runs: so
            # the bank setup keeps its #bank_data# placeholder, which the file's doFirst { … } replaces with
            # the text of accounts.json, a file docextract does not read.
            raise Unsupported(f"the method `{getattr(callee, 'name', 'call')}`", node.line)
        arguments = [self.evaluate(argument, scope) for argument in node.arguments]
        return self._invoke(function, arguments, node.line)

    def _invoke(self, closure: Closure, arguments: list, line: int):
        if closure.parameters and len(arguments) == len(closure.parameters):
            names = dict(zip(closure.parameters, arguments, strict=True))
        elif not closure.parameters and len(arguments) <= 1:
            names = {"it": arguments[0] if arguments else None}  # Groovy's implicit parameter
        else:
            expected = len(closure.parameters)
            raise Unsupported(f"a closure of {expected} parameters given {len(arguments)}", line)
        if self.depth >= DEPTH_LIMIT:
            raise Unsupported(f"closure calls nested more than {DEPTH_LIMIT} deep", line)
        self.depth += 1
        try:
            return self.run(closure.body, Scope(names, closure.scope))
        except _Return as returned:
            return returned.value
        finally:
            self.depth -= 1
