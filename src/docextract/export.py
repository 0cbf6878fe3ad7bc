"""The page model as plain data (schema docextract/page/v1), and as YAML or JSON text."""

from __future__ import annotations

import json
from typing import Any

from docextract.model import (
    Endpoint,
    Page,
    Parameter,
    Pos,
    Request,
    ResponseCode,
    Snippet,
    Subpage,
    Substitution,
    Value,
)

SCHEMA = "docextract/page/v1"


def _where(pos: Pos, page_file: str) -> dict[str, Any]:
    """`line`, and `file` only when the item stands in another file than the page (an include)."""
    if pos.file == page_file:
        return {"line": pos.line}
    return {"file": pos.file, "line": pos.line}


def _endpoint(e: Endpoint, page_file: str) -> dict[str, Any]:
    return {"method": e.method, "path": e.path, **_where(e.pos, page_file)}


def _value(v: Value, page_file: str) -> dict[str, Any]:
    data = {"name": v.name, "description": v.description, **_where(v.pos, page_file)}
    if v.default:
        data["default"] = True
    if v.label is not None:
        data["label"] = v.label
    return data


def _parameter(p: Parameter, page_file: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": p.name,
        "required": p.required,
        "type": p.type,
        "default": p.default,
        "description": p.description,
        **_where(p.pos, page_file),
        "children": [_parameter(c, page_file) for c in p.children],
    }
    if p.aliases:
        data["aliases"] = list(p.aliases)
    if p.label is not None:
        data["label"] = p.label
    if p.required_if is not None:
        data["required_if"] = p.required_if
    if p.values:
        data["values"] = [_value(v, page_file) for v in p.values]
    if p.availability:
        data["availability"] = list(p.availability)
    return data


def _response_code(r: ResponseCode, page_file: str) -> dict[str, Any]:
    data: dict[str, Any] = {"code": r.code}
    if r.label is not None:
        data["label"] = r.label
    data.update(description=r.description, **_where(r.pos, page_file))
    return data


def _request(r: Request, page_file: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "method": r.method,
        "path": r.path,
        "query": dict(r.query),
        **_where(r.pos, page_file),
    }
    if r.body_format is not None:
        data["body"] = r.body
        data["body_format"] = r.body_format
    return data


def _substitution(s: Substitution, page_file: str) -> dict[str, Any]:
    return {"pattern": s.pattern, "replacement": s.replacement, **_where(s.pos, page_file)}


def _snippet(s: Snippet, page_file: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if s.pos.file != page_file:
        data["file"] = s.pos.file
    data.update(line=s.pos.line, end_line=s.end_line, language=s.language, kind=s.kind)
    if s.name:
        data["name"] = s.name
    data["hidden"] = s.hidden
    if s.console is not None:
        data["console"] = s.console
    if s.kind == "response":
        data["response"] = s.response
        data["response_format"] = s.response_format
    else:
        data["requests"] = [_request(r, page_file) for r in s.requests]
    o = s.options
    data["test"] = {
        "skip": o.skip,
        "continued": o.continued,
        "setup": list(o.setup),
        "teardown": list(o.teardown),
        "substitutions": [_substitution(x, page_file) for x in o.substitutions if not x.generated],
        "catch": o.catch,
        "warnings": list(o.warnings),
        "skip_shard_failures": o.skip_shard_failures,
        "non_json": o.non_json,
    }
    if s.callouts:
        data["callouts"] = [
            {"number": c.number, "text": c.text, **_where(c.pos, page_file)} for c in s.callouts
        ]
    data["annotations"] = [
        {"marker": a.marker, "options": a.content, **_where(a.pos, page_file)} for a in s.annotations
    ]
    data["content"] = s.content
    return data


def _includes(subpages: tuple[Subpage, ...]) -> dict[str, Any]:
    """`includes`: the pages a chapter includes whole, each with its include line (the key only on a page
    that has some)."""
    if not subpages:
        return {}
    return {
        "includes": [{"file": s.file, "id": s.id, "title": s.title, "line": s.pos.line} for s in subpages]
    }


def page_data(page: Page) -> dict[str, Any]:
    f = page.source
    return {
        "schema": SCHEMA,
        "source": page.source,
        "id": page.id,
        "title": page.title,
        "titleabbrev": page.titleabbrev,
        "summary": page.summary,
        "availability": list(page.availability),
        "endpoints": [_endpoint(e, f) for e in page.endpoints],
        "prerequisites": list(page.prerequisites),
        "description": page.description,
        **_includes(page.subpages),
        "path_parameters": [_parameter(p, f) for p in page.path_parameters],
        "query_parameters": [_parameter(p, f) for p in page.query_parameters],
        "request_body": [_parameter(p, f) for p in page.request_body],
        "response_body": [_parameter(p, f) for p in page.response_body],
        "response_codes": [_response_code(r, f) for r in page.response_codes],
        "snippets": [_snippet(s, f) for s in page.snippets],
    }


def to_yaml(data: Any) -> str:
    # Imported here: a run that finds every page in the cache writes no YAML, and need not load the writer.
    from docextract.syntax import yamltext

    return yamltext.dump(data)


def prepare_yaml() -> None:
    """Load the YAML writer now (its patterns compiled): before helper processes are forked, so that they
    share it rather than each loading it again."""
    from docextract.syntax import yamltext  # noqa: F401


def join_documents(texts: list[str], format: str, single: bool) -> str:
    """Rendered pages as one output: the page itself, a YAML stream, or a JSON array."""
    if single and len(texts) == 1:
        return texts[0]
    if format == "json":
        return "[\n" + ",\n".join(text.rstrip("\n") for text in texts) + "\n]\n"
    return "".join(f"---\n{text}" for text in texts)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
