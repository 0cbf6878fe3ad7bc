"""What a statement would assign to buildRestTests, told without running it."""

from __future__ import annotations

from collections.abc import Iterator

from docextract.gradle import nodes
from docextract.gradle.task import KINDS, UNCONVERTED
from docextract.gradle.values import Closure, Scope


def assigns(statement: nodes.Node, scope: Scope) -> list[tuple[str, str | None]]:
    """The setups, teardowns and expectedUnconvertedCandidates a statement would assign, looking into
    the closures it calls: (kind, name), the name None when it is computed."""
    return list(_assigns(statement, scope, set()))


def _assigns(node: nodes.Node, scope: Scope, seen: set) -> Iterator[tuple[str, str | None]]:
    match node:
        case nodes.Assign(target=nodes.Index(target=nodes.Name() | nodes.Property() as owner, key=key)):
            if owner.name in KINDS:
                literal = isinstance(key, nodes.Literal) and isinstance(key.value, str)
                yield owner.name, key.value if literal else None
        case nodes.Assign(target=nodes.Property(name=name)) if name == UNCONVERTED:
            yield UNCONVERTED, None
        case nodes.If(then=then, otherwise=otherwise):
            for inner in then + otherwise:
                yield from _assigns(inner, scope, seen)
        case nodes.For(body=body):
            for inner in body:
                yield from _assigns(inner, scope, seen)
        case nodes.Evaluate(expression=nodes.Call(callee=nodes.Name(name=name))):
            holder = scope.find(name)
            closure = holder.names[name] if holder else None
            # A closure that calls itself, directly or not, is looked into once.
            if isinstance(closure, Closure) and id(closure) not in seen:
                seen.add(id(closure))
                for inner in closure.body:
                    yield from _assigns(inner, closure.scope, seen)
