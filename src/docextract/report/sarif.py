"""Findings as SARIF 2.1.0, the format code-scanning views (GitHub's among them) read."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from docextract.diagnostics import Diagnostic, Severity
from docextract.rules import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "%SRCROOT%"  # every artifact URI is relative to it: the repository root


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _sentence(text: str) -> str:
    """SARIF viewers show messages as sentences: one ends with a full stop."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _rule(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": _sentence(rule.checks)},
        "fullDescription": {"text": _sentence(f"{rule.checks} (group: {rule.group})")},
        "help": {"text": _sentence(f"{rule.checks}. Breaks it: {rule.example}")},
        "defaultConfiguration": {"level": _level(rule.severity)},
    }


def _location(file: str, line: int, column: int, root_relative: Callable[[str], str | None]) -> dict:
    relative = root_relative(file)
    # A file outside the source root (an include allowed out of the docs root) keeps its absolute URI.
    # A URI reference (SARIF 3.10.2, RFC 3986): a space, % or other reserved character percent-encoded.
    uri = quote(relative, safe="/") if relative is not None else None
    artifact = {"uri": uri, "uriBaseId": ROOT} if uri is not None else {"uri": Path(file).as_uri()}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": line, "startColumn": column},
        }
    }


def render(
    findings: Sequence[Diagnostic],
    fingerprints: Sequence[str],
    rules: Sequence[Rule],
    root: Path,
    root_relative: Callable[[str], str | None],
    version: str,
) -> str:
    """One run of docextract: its rules (those of the catalogue and any others the findings name), one
    result per finding with its place relative to the repository root and a fingerprint that survives
    moved lines."""
    catalogue = {rule.id: rule for rule in rules}
    index = {rule_id: n for n, rule_id in enumerate(catalogue)}
    results = []
    # Findings alike (rule, file, text of the line) share a fingerprint; each keeps its own by its rank
    # among them, since code scanning makes one alert of results with one rule and fingerprint.
    seen: dict[tuple[str, str], int] = {}
    for finding, fingerprint in zip(findings, fingerprints, strict=True):
        rank = seen[(finding.code, fingerprint)] = seen.get((finding.code, fingerprint), 0) + 1
        if rank > 1:
            fingerprint = f"{fingerprint}:{rank}"
        message = finding.title + (f" (hint: {finding.hint})" if finding.hint else "")
        result: dict = {
            "ruleId": finding.code,
            "level": _level(finding.severity),
            "message": {"text": _sentence(message)},
            "partialFingerprints": {"docextract/v1": fingerprint},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        pos = finding.pos
        if pos is not None:
            result["locations"] = [_location(pos.file, pos.line, pos.column, root_relative)]
            result["relatedLocations"] = [
                {
                    "id": n,
                    **_location(p.file, p.line, p.column, root_relative),
                    "message": {"text": "Included here."},
                }
                for n, p in enumerate(finding.included_from, start=1)
            ]
            if not result["relatedLocations"]:
                del result["relatedLocations"]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "docextract",
                        "version": version,
                        "rules": [_rule(rule) for rule in catalogue.values()],
                    }
                },
                "originalUriBaseIds": {ROOT: {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
