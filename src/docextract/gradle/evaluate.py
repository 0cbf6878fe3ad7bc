"""Runs build.gradle's statements and expressions, handing what they assign to buildRestTests."""

from __future__ import annotations

from contextlib import suppress
from functools import partial

from docextract.gradle import nodes
from docextract.gradle.assigns import assigns
from docextract.gradle.task import KINDS, UNCONVERTED, FragmentMap, RestTests
from docextract.gradle.values import (
    Closure,
    Scope,
    Unknown,
    Unsupported,
    binary,
    is_number,
    kind_of,
    make_list,
    text,
    truth,
    unary,
    within,
)

LOOP_LIMIT = 100_000
DEPTH_LIMIT = 100
# Statements and expressions evaluated in all: loops inside loops, or a closure calling itself twice,
# each within its own limit, could run for hours. Elasticsearch's docs/build.gradle takes about 45,000.
STEP_LIMIT = 1_000_000


class Exhausted(Exception):
    """The file ran past STEP_LIMIT: nothing after this point is evaluated. Not an Unsupported, which
    leaves one statement's work out and goes on: this passes every statement and closure up to
    run_file, which stops the file."""

    def __init__(self, what: str, line: int):
        super().__init__(what)
        self.what = what
        self.line = line


class _Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


class Script:
    """Runs build.gradle's statements, handing what they assign to setups, teardowns and
    expectedUnconvertedCandidates to the task. Any other statement that cannot be evaluated is skipped
    quietly."""

    def __init__(self, task: RestTests):
        self.task = task
        self.depth = 0
        self.steps = 0
        builtins = Scope({"buildRestTests": task, **{kind: FragmentMap(kind) for kind in KINDS}})
        self.globals = Scope({}, builtins)

    def run_file(self, statements: tuple) -> None:
        with suppress(_Return):  # a return at the top level ends a Groovy script
            for statement in statements:
                try:
                    self.execute(statement, self.globals)
                except Exhausted as problem:
                    self.task.stop(statement, problem.what, problem.line)
                    return

    def run(self, statements: tuple, scope: Scope):
        """The statements in order; the value of the last one, which a closure returns."""
        result = None
        for statement in statements:
            result = self.execute(statement, scope)
        return result

    def _step(self, node: nodes.Node) -> None:
        self.steps += 1
        if self.steps > STEP_LIMIT:
            raise Exhausted(f"more than {STEP_LIMIT:,} steps (statements and expressions)", node.line)

    def execute(self, statement: nodes.Node, scope: Scope):
        self._step(statement)
        try:
            return self._execute(statement, scope)
        except Unsupported as problem:
            assigned = assigns(statement, scope)
            if assigned:
                self.task.leave_out(assigned, statement, problem)
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
            return problem.unknown()

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
                value = problem.unknown()
            holder.names[target.name] = value
            return
        owned = isinstance(target, nodes.Index | nodes.Property)
        owner = self.evaluate(target.target, scope) if owned else None
        if isinstance(target, nodes.Index) and isinstance(owner, FragmentMap):
            new_value = partial(self._new_value, statement, scope=scope)
            self.task.assign(statement, owner.kind, self.evaluate(target.key, scope), new_value)
        elif isinstance(target, nodes.Property) and target.name == UNCONVERTED and owner is self.task:
            value = self._new_value(statement, lambda: self.task.unconverted, scope)
            self.task.assign_unconverted(value, statement.value.line)
        else:
            raise Unsupported("an assignment to anything but a variable or a setup", statement.line)

    def evaluate(self, node: nodes.Node, scope: Scope):
        self._step(node)
        match node:
            case nodes.Literal(value=value):
                return value
            case nodes.Text(parts=parts):
                return self._text(parts, scope, node.line)
            case nodes.Name():
                return self._lookup(node, scope)
            case nodes.Property(target=target, name=name):
                owner = self.evaluate(target, scope)
                if owner is self.task and name in KINDS:
                    return FragmentMap(name)
                if owner is self.task and name == UNCONVERTED:
                    return self.task.unconverted
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
                return make_list([self.evaluate(item, scope) for item in items], node.line)
            case nodes.ClosureLiteral(parameters=parameters, body=body):
                return Closure(parameters, body, scope)
            case nodes.Opaque(what=what):
                raise Unsupported(what, node.line)
        raise Unsupported("this expression", node.line)

    def _text(self, parts: tuple, scope: Scope, line: int) -> str:
        pieces, length = [], 0
        for part in parts:
            pieces.append(part if isinstance(part, str) else text(self.evaluate(part, scope), part.line))
            length += len(pieces[-1])
            within(length, line)
        return "".join(pieces)

    def _lookup(self, node: nodes.Name, scope: Scope):
        holder = scope.find(node.name)
        if holder is None:
            raise Unsupported(f"`{node.name}`, which this file does not define", node.line)
        value = holder.names[node.name]
        if isinstance(value, Unknown):
            raise Unsupported(f"`{node.name}`, set from {value.what} at line {value.line}", node.line, value)
        return value

    def _index(self, owner, key, line: int):
        if isinstance(owner, FragmentMap) and isinstance(key, str):
            return self.task.read(owner.kind, key, line)
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
                old, new = arguments
                grown = (function.count(old) if old else len(function) + 1) * (len(new) - len(old))
                within(len(function) + grown, node.line)
                return function.replace(old, new)  # as Java's: every occurrence, no regular expression
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
