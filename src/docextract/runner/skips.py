"""Whether a test runs: the `skip` and `requires` sections heading its file's setup and teardown and the
test itself, checked and judged as the test framework's PrerequisiteSection does (requires first, then
skip), against the runner features implemented here and what the target says of itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docextract.results import Status
from docextract.runner import versions
from docextract.runner.facts import Facts
from docextract.runner.transport import TransportError
from docextract.suite import Case, Step, Suite

# The runner features implemented here; a test asking for another one is skipped.
FEATURES = frozenset(
    {
        *("default_shards", "stash_in_key", "stash_in_path", "stash_path_replace", "embedded_stash_key"),
        *("warnings", "warnings_regex", "allowed_warnings", "allowed_warnings_regex", "headers"),
        *("contains", "close_to", "transform_and_set", "catch_unauthorized", "arbitrary_key", "yaml"),
        *("node_selector", "capabilities", "fips_140"),
    }
)
# The steps a test may hold after its prerequisites (runner/execute.py runs them).
STEPS = frozenset(
    {"do", "set", "transform_and_set", "match", "is_true", "is_false", "length", "gt", "gte", "lt", "lte"}
    | {"contains", "close_to", "exists", "not_exists", "is_after"}
)
_PREREQUISITES = ("skip", "requires")
_SKIP_FIELDS = {"reason", "version", "features", "os", "cluster_features", "awaits_fix", "known_issues"}
_REQUIRES_FIELDS = {"reason", "test_runner_features", "cluster_features", "capabilities"}


@dataclass(frozen=True)
class Verdict:
    """A test that does not run: skipped (with the test's reason), or in error (the file is wrong)."""

    status: Status
    reason: str
    cause: str | None = None


class _Invalid(ValueError):
    """A prerequisite section the framework refuses to parse."""


@dataclass
class _Section:
    """The skip and requires sections heading a setup, teardown or test, merged as the framework does."""

    skip_reason: str | None = None
    requires_reason: str | None = None
    runner_features: list[str] = field(default_factory=list)
    xpack: set[bool] = field(default_factory=set)  # True: requires x-pack, False: skipped with it
    version: str | None = None
    os: list[str] = field(default_factory=list)
    awaits_fix: str | None = None
    skip_features: set[str] = field(default_factory=set)
    required_features: set[str] = field(default_factory=set)
    known_issues: list[tuple[str, str]] = field(default_factory=list)
    skip_capabilities: list[dict] = field(default_factory=list)
    required_capabilities: list[dict] = field(default_factory=list)
    present: bool = False


def leading(steps: tuple[Step, ...]) -> int:
    """How many steps at the head of a case are prerequisites (skip, requires)."""
    count = 0
    while count < len(steps) and _kind(steps[count]) in _PREREQUISITES:
        count += 1
    return count


def _kind(step: Step) -> str | None:
    data = step.data
    return next(iter(data)) if isinstance(data, dict) and len(data) == 1 else None


def verdict(suite: Suite, test: Case, facts: Facts) -> Verdict | None:
    """Why the test does not run, or None when it does. Asks the target only what a section needs."""
    try:
        for case in (suite.setup, suite.teardown, test):
            if case is not None:
                reason = _judge(_section(case.steps), facts)
                if reason is not None:
                    return Verdict(Status.SKIPPED, reason)
        body = test.steps[leading(test.steps) :]
        if not body:
            return Verdict(Status.ERROR, f"No executable sections loaded for [{test.name}]")
        for step in body:
            kind = _kind(step)
            if kind in _PREREQUISITES:
                where = f"line {step.pos.line}"
                return Verdict(Status.ERROR, f"a {kind} section must come first in the test ({where})")
            if kind is not None and kind not in STEPS:
                return Verdict(Status.SKIPPED, f"docextract's runner has no `{kind}` step")
    except _Invalid as err:
        return Verdict(Status.ERROR, str(err))
    except TransportError as err:
        reason = f"the target could not be asked about the prerequisites: {err}"
        return Verdict(Status.ERROR, reason, err.kind)
    return None


def _strings(value: Any, split: bool = False) -> list[str]:
    items = value if isinstance(value, list) else [value]
    texts = [str(item).strip() for item in items if item is not None]
    # OpenSearch's runner reads `features: "a, b"` as two features
    return [part.strip() for text in texts for part in text.split(",")] if split else texts


def _section(steps: tuple[Step, ...]) -> _Section:
    section = _Section()
    for step in steps[: leading(steps)]:
        ((kind, data),) = step.data.items()
        if not isinstance(data, dict):
            raise _Invalid(f"the {kind} section is not a map (line {step.pos.line})")
        allowed = _SKIP_FIELDS if kind == "skip" else _REQUIRES_FIELDS
        if unknown := sorted(set(data) - allowed):
            raise _Invalid(f"field [{unknown[0]}] not supported within {kind} section (line {step.pos.line})")
        section.present = True
        if kind == "skip":
            _read_skip(section, data)
        else:
            _read_requires(section, data)
    if section.present:
        _validate(section)
    return section


def _read_skip(section: _Section, data: dict) -> None:
    section.skip_reason = _text(data.get("reason"), section.skip_reason)
    section.version = _text(data.get("version"), section.version)
    section.awaits_fix = _text(data.get("awaits_fix"), section.awaits_fix)
    _runner_features(section, _strings(data.get("features"), split=True))
    section.os += _strings(data.get("os"))
    section.skip_features.update(_strings(data.get("cluster_features")))
    for issue in data.get("known_issues") or []:
        if not (isinstance(issue, dict) and set(issue) == {"cluster_feature", "fixed_by"}):
            raise _Invalid(f"a known issue needs exactly cluster_feature and fixed_by, got {issue}")
        section.known_issues.append((str(issue["cluster_feature"]), str(issue["fixed_by"])))
    section.skip_capabilities += _capabilities(data.get("capabilities"))


def _read_requires(section: _Section, data: dict) -> None:
    section.requires_reason = _text(data.get("reason"), section.requires_reason)
    _runner_features(section, _strings(data.get("test_runner_features")))
    section.required_features.update(_strings(data.get("cluster_features")))
    section.required_capabilities += _capabilities(data.get("capabilities"))


def _text(value: Any, default: str | None) -> str | None:
    return default if value is None or str(value) == "" else str(value)


def _runner_features(section: _Section, names: list[str]) -> None:
    for name in names:
        if name in ("xpack", "no_xpack"):  # not runner features: whether the cluster has x-pack
            section.xpack.add(name == "xpack")
        elif name:
            section.runner_features.append(name)


def _capabilities(value: Any) -> list[dict]:
    checks = value if isinstance(value, list) else [] if value is None else [value]
    for check in checks:
        if not (isinstance(check, dict) and check.get("path")):
            raise _Invalid(f"a capabilities check needs a path, got {check}")
    return list(checks)


def _validate(s: _Section) -> None:
    """The framework's own checks on a section, each a parse error there."""
    skips = s.version or s.os or s.skip_features or s.skip_capabilities or s.known_issues
    requires = s.required_features or s.required_capabilities
    if not (skips or requires or s.awaits_fix or s.xpack or s.runner_features):
        raise _Invalid("at least one predicate is mandatory within a skip or requires section")
    if skips and not s.skip_reason:
        raise _Invalid("reason is mandatory within this skip section")
    if requires and not s.requires_reason:
        raise _Invalid("reason is mandatory within this requires section")
    if s.os and "skip_os" not in s.runner_features:
        raise _Invalid("if os is specified, test runner feature [skip_os] must be set")
    if len(s.xpack) > 1:
        raise _Invalid("either [xpack] or [no_xpack] can be present, not both")
    if both := sorted(s.skip_features & s.required_features):
        raise _Invalid(f"a cluster feature can be in [requires] or [skip], not both: {both[0]}")


def _judge(s: _Section, facts: Facts) -> str | None:
    """The reason the section skips the test, or None."""
    if not s.present:
        return None
    if missing := [name for name in s.runner_features if name not in FEATURES]:
        return s.requires_reason or s.skip_reason or f"unsupported runner features [{', '.join(missing)}]"
    if s.awaits_fix:
        return s.skip_reason or f"awaits fix: {s.awaits_fix}"
    requires = s.requires_reason or "the target does not meet the test's requirements"
    if True in s.xpack and facts.distribution != "elasticsearch":
        return requires
    if not all(facts.has_feature(name) for name in sorted(s.required_features)):
        return requires
    if not all(facts.supports(check) for check in s.required_capabilities):
        return requires
    skip = s.skip_reason or "the test skips this target"
    if False in s.xpack and facts.distribution == "elasticsearch":
        return skip
    if s.version:
        try:
            if versions.skips(s.version, lambda: facts.version, lambda: facts.opensearch):
                return skip
        except versions.RangeError as err:
            raise _Invalid(str(err)) from None
    if any(facts.has_feature(name) for name in sorted(s.skip_features)):
        return skip
    if any(facts.supports(check) for check in s.skip_capabilities):
        return skip
    if any(facts.has_feature(a) and not facts.has_feature(b) for a, b in s.known_issues):
        return skip
    return None
