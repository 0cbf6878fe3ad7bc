"""The Elasticsearch specification's schema.json, read once into what the checks need.

The file (elastic/elasticsearch-specification, also shipped as dist/schema.json in the npm package
@elastic/request-converter) has `endpoints` (name, urls, request type, availability, deprecation) and
`types` (3,800 of them). The endpoints' request types are indexed: their path, query and body
properties, the query parameters their base types' behaviours add (CommonQueryParameters on every
endpoint, CommonCatQueryParameters on the cat APIs), found by following `inherits`; and the names
beside them (names.py): the query and aggregation variants, mapping types, every object's fields.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docextract.cachefolder import cache_file, keep
from docextract.spec.names import Names, index_names
from docextract.spec.routes import Route, Router
from docextract.syntax import unreadable

# What every endpoint accepts when the schema has no CommonQueryParameters behaviour to say so.
GLOBAL_QUERY = ("error_trace", "filter_path", "human", "pretty")
_BEHAVIOURS = "_spec_utils"
# The code that builds the index is part of the cache key: a changed index is never read from an old cache.
_CODE_KEY = "|" + "|".join(
    hashlib.sha256(Path(__file__).with_name(name).read_bytes()).hexdigest()[:16]
    for name in ("schema.py", "routes.py", "names.py")
)


class SpecError(Exception):
    """The file cannot be read, or is not a specification schema: a usage error, with why."""


# What to give instead, for every SpecError.
HINT = (
    "give the specification's schema.json: output/schema/schema.json of elastic/elasticsearch-specification"
)


@dataclass(frozen=True)
class Field:
    """A path part, query parameter or body property of an endpoint."""

    name: str
    required: bool
    deprecated: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Api:
    """An endpoint of the specification, with the parameters its request type accepts."""

    name: str  # indices.create
    folder: str  # indices/create: where its request type and its examples live in specification/
    request: str  # IndicesCreateRequest: the request type's file, after which its examples are named
    urls: tuple[tuple[str, tuple[str, ...]], ...]  # (template, methods)
    stability: str | None  # stable, beta or experimental on the stack; None: not on the stack
    deprecated: str | None  # the version it was deprecated in ("" when unknown), or None
    path: dict[str, Field]
    query: dict[str, Field]  # its own query parameters
    behaviours: dict[str, Field]  # the query parameters its base types add (format, v … on cat APIs)
    body: dict[str, Field] | None  # top-level body properties; None: a body of no fixed properties
    has_body: bool
    # The properties of the top-level properties' objects: pages often list them in the same list.
    nested: frozenset[str] = frozenset()


@dataclass
class Spec:
    """The specification as the checks use it: endpoints, their routes, common parameters and names."""

    apis: dict[str, Api]
    router: Router
    common: dict[str, Field]  # the query parameters every endpoint accepts (error_trace, pretty …)
    names: Names = field(default_factory=Names)  # queries, aggregations, mapping types, objects' fields

    def match(self, method: str, path: str) -> tuple[Api, Route] | None:
        """The endpoint a request as sent goes to: GET /my-index/_doc/1 → get."""
        route = self.router.match(method, path)
        return (self.apis[route.api], route) if route else None

    def match_documented(self, method: str, path: str) -> tuple[Api, Route] | None:
        """The endpoint a page documents: GET /<index>/_doc/<_id> → get."""
        route = self.router.match_documented(method, path)
        return (self.apis[route.api], route) if route else None

    def query_names(self, api: Api) -> set[str]:
        """Every query parameter the endpoint accepts, aliases included."""
        names = set(self.common)
        for fields in (api.query, api.behaviours):
            for known in fields.values():
                names.add(known.name)
                names.update(known.aliases)
        return names


def load(path: Path) -> Spec:
    """Read schema.json; SpecError when it cannot be read or is not the specification's schema.

    The index is kept in the user's cache folder, keyed by the file's bytes and the code that builds
    it: parsing the 10 MB JSON and indexing it costs more than checking every page of a docs tree."""
    try:
        data = unreadable.read_regular(path)  # a FIFO named as the specification would be read for ever
    except OSError as err:
        raise SpecError(f"cannot read the specification {path}: {err.strerror or err}") from None
    cached = cache_file("spec", hashlib.sha256(data).hexdigest() + _CODE_KEY, ".pickle")
    if cached is not None:
        try:
            spec = pickle.loads(cached.read_bytes())
            if isinstance(spec, Spec):
                return spec
        except Exception:  # absent, half-written by a killed run, or from other code: build it again
            pass
    spec = _parse(path, data)
    if cached is not None:
        keep(cached, pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))
    return spec


def _parse(path: Path, data: bytes) -> Spec:
    try:
        document = json.loads(data)
    except ValueError as err:
        raise SpecError(f"{path} is not a specification schema.json: not JSON ({err})") from None
    if not isinstance(document, dict) or not {"endpoints", "types"} <= document.keys():
        raise SpecError(f"{path} is not a specification schema.json: it has no `endpoints` and `types`")
    try:
        return _index(document)
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise SpecError(f"{path} is not a specification schema.json this docextract reads: {err!r}") from None


def _index(document: dict[str, Any]) -> Spec:
    types = {_key(t["name"]): t for t in document["types"]}
    common_type = types.get((_BEHAVIOURS, "CommonQueryParameters"))
    common = (
        _fields(types, common_type, ())
        if common_type
        else {name: Field(name, False) for name in GLOBAL_QUERY}
    )
    apis: dict[str, Api] = {}
    router = Router()
    for endpoint in document["endpoints"]:
        api = _api(endpoint, types, common)
        apis[api.name] = api
        for template, methods in api.urls:
            router.add(api.name, template, list(methods))
    return Spec(apis, router, common, index_names(types))


def _api(endpoint: dict[str, Any], types: dict, common: dict[str, Field]) -> Api:
    name = endpoint["name"]
    request = types.get(_key(endpoint["request"])) if endpoint.get("request") else None
    urls = tuple((url["path"], tuple(url["methods"])) for url in endpoint["urls"])
    stack = endpoint.get("availability", {}).get("stack")
    deprecation = endpoint.get("deprecation")
    if request is None:
        folder, file = name.replace(".", "/"), "Request"
        path, query, behaviours, body, has_body, nested = {}, {}, {}, None, True, frozenset()
    else:
        location = PurePosixPath(request.get("specLocation", "").partition("#")[0])
        folder = str(location.parent) if location.name else name.replace(".", "/")
        file = location.stem or "Request"
        path = _fields(types, request, (), "path")
        query = _fields(types, request, (), "query")
        behaviours = {key: value for key, value in _behaviours(types, request).items() if key not in common}
        body, has_body, nested = _body(types, request["body"])
    return Api(
        name,
        folder,
        file,
        urls,
        stack.get("stability", "stable") if stack is not None else None,
        (deprecation.get("version") or "") if deprecation is not None else None,
        path,
        query,
        behaviours,
        body,
        has_body,
        nested,
    )


def _key(name: dict[str, str]) -> tuple[str, str]:
    return name["namespace"], name["name"]


def _field(entry: dict[str, Any]) -> Field:
    return Field(
        entry["name"], bool(entry.get("required")), "deprecation" in entry, tuple(entry.get("aliases", ()))
    )


def _fields(types: dict, kind: dict[str, Any], seen: tuple, key: str = "properties") -> dict[str, Field]:
    return {name: _field(entry) for name, entry in _entries(types, kind, seen, key).items()}


def _behaviours(types: dict, request: dict[str, Any]) -> dict[str, Field]:
    """The query parameters the behaviours of the request and its ancestors add."""
    found: dict[str, Field] = {}
    kind: dict[str, Any] | None = request
    seen: set[tuple[str, str]] = set()
    while kind is not None and _key(kind["name"]) not in seen:
        seen.add(_key(kind["name"]))
        refs = [_key(b["type"]) for b in kind.get("behaviors", ())]
        refs += [(_BEHAVIOURS, name) for name in kind.get("attachedBehaviors", ())]
        for ref in refs:
            behaviour = types.get(ref)
            if behaviour is not None and behaviour.get("kind") == "interface":
                found.update(_fields(types, behaviour, ()))
        parent = kind.get("inherits")
        kind = types.get(_key(parent["type"])) if parent else None
    return found


def _body(types: dict, body: dict[str, Any]) -> tuple[dict[str, Field] | None, bool, frozenset[str]]:
    """The body's top-level properties, whether the endpoint takes a body, and the nested properties."""
    if body["kind"] == "no_body":
        return {}, False, frozenset()
    entries: list[dict[str, Any]] | None = None
    if body["kind"] == "properties":
        entries = body["properties"]
    else:
        # A body that is one value: an interface's properties; a document, a list or a union has none fixed.
        interfaces = _interfaces(types, body.get("value", {}), ())
        if body.get("value", {}).get("kind") == "instance_of" and interfaces:
            entries = list(_entries(types, interfaces[0], ()).values())
    if entries is None:
        return None, True, frozenset()
    nested = {
        name
        for entry in entries
        for kind in _interfaces(types, entry["type"], ())
        for name in _entries(types, kind, ())
    }
    return {entry["name"]: _field(entry) for entry in entries}, True, frozenset(nested)


def _entries(
    types: dict, kind: dict[str, Any], seen: tuple, key: str = "properties"
) -> dict[str, dict[str, Any]]:
    """A type's entries under key (properties; path or query of a request) as written in the schema,
    its ancestors' first, found by following `inherits` (a type may narrow what it inherits)."""
    found: dict[str, dict[str, Any]] = {}
    parent = kind.get("inherits")
    if parent and (ancestor := types.get(_key(parent["type"]))) and _key(ancestor["name"]) not in seen:
        found.update(_entries(types, ancestor, (*seen, _key(kind["name"])), key))
    for entry in kind.get(key, ()) or ():
        found[entry["name"]] = entry
    return found


def _interfaces(types: dict, value: dict[str, Any], seen: tuple) -> list[dict[str, Any]]:
    """The interfaces a value's type comes to: through lists, dictionaries, unions and aliases."""
    kind = value.get("kind")
    if kind in ("array_of", "dictionary_of"):
        return _interfaces(types, value["value"], seen)
    if kind == "union_of":
        return [found for item in value["items"] for found in _interfaces(types, item, seen)]
    if kind != "instance_of":
        return []
    key = _key(value["type"])
    target = types.get(key)
    if target is None or key in seen:
        return []
    if target.get("kind") == "type_alias":
        return _interfaces(types, target["type"], (*seen, key))
    return [target] if target.get("kind") == "interface" else []
