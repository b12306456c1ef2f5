"""The OpenAPI 3 document of ``/api/v1``, assembled from what each endpoint module declares.

One decorator both routes a view on the API blueprint and documents it, so a documented path and
its Flask rule cannot drift apart. To add an endpoint (``/findings`` say):

    from supplychain.web.api import api_require, api_user, bp  # noqa: F401 (bp gets the route)
    from supplychain.web.api import openapi

    FINDING = openapi.schema("Finding", {"type": "object", "required": ["id"],
                                         "properties": {"id": {"type": "integer"}}})

    @openapi.path("get", "/findings/{finding_id}", summary="One finding",
                  responses={200: FINDING})
    @api_require("read")
    def finding(finding_id: int) -> Any: ...

    @openapi.path("post", "/findings", summary="Record a finding",
                  body=openapi.json_body(NEW_FINDING), responses={201: FINDING})
    @api_require("remediate")
    def create_finding() -> Any: ...

then import the module in ``supplychain/web/api/routes.py``. Conventions the decorator applies:

- paths are written OpenAPI-style (``{name}``); every path parameter is an integer id from 1 to
  2^31-1 (the Flask rule gets the ``id`` converter, whose pattern takes exactly that range, so
  anything else is a 404, never a 500 -- nor a 405 where the path has another method);
- answers are JSON unless made with :func:`download` (a file: ``download("application/zip")``);
- query parameters come from :func:`query` (any other is refused with 400); a request body
  from :func:`json_body` or :func:`multipart_body`; the view reads them with
  :func:`query_args` / :func:`form_args`, which convert and check them against the same
  schemas (400 naming the parameter), so what is documented is what is enforced;
- the error answers are added for you: 401 on every secured operation, 403 when the capability is
  not open to every role, 404 when the path has an id, 400 on every operation (an unknown query
  parameter at least), 413 for multipart bodies, 429 when ``rate_limited=True``; they all use
  the ``Error`` schema;
- a view marked ``@public`` (from ``supplychain.web.auth``) is documented as needing no token;
  every other view must be wrapped in ``@api_require(capability)`` below this decorator.

``tests/integration/api/test_openapi.py`` fails when a rule under /api/v1 is missing from the
document or a documented operation has no rule, and schemathesis checks the answers against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from flask import request
from werkzeug.routing import BaseConverter

from supplychain.services.errors import ServiceError
from supplychain.services.permissions import ALL_ROLES, CAPABILITIES
from supplychain.web.api import bp
from supplychain.web.auth import public

F = TypeVar("F", bound=Callable[..., Any])
Schema = dict[str, Any]

PREFIX = "/api/v1"
MAX_ID = 2**31 - 1
ID_RULE = "id"
_PARAM = re.compile(r"\{(\w+)\}")

_operations: dict[str, dict[str, dict[str, Any]]] = {}
_schemas: dict[str, Schema] = {}
_query_schemas: dict[str, dict[str, Schema]] = {}  # endpoint -> parameter -> schema
MEDIA_TYPE = "x-media-type"  # marks a non-JSON response; removed from the document
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"  # no control characters (PostgreSQL refuses NUL, too)

ERROR_CODES = {
    400: "The request is malformed or a parameter is invalid; the message says which.",
    401: "No valid API token (send `Authorization: Bearer TOKEN`).",
    403: "The token's user has a role that may not do this.",
    404: "No such object in your company.",
    413: "The body is larger than the server's upload limit.",
    429: "Too many requests; wait and retry.",
}


def schema(name: str, definition: Schema) -> Schema:
    """Register a component schema and return a reference to it."""
    _schemas[name] = definition
    return ref(name)


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def text(max_length: int, **more: Any) -> Schema:
    """A string parameter without control characters, at most ``max_length`` long."""
    return {"type": "string", "maxLength": max_length, "pattern": PRINTABLE, **more}


def download(media_type: str) -> Schema:
    """A response that is a file (``responses={200: openapi.download("application/zip")}``)."""
    return {"type": "string", "format": "binary", MEDIA_TYPE: media_type}


def nullable(definition: Schema) -> Schema:
    return {**definition, "nullable": True}


def query(
    name: str, definition: Schema, description: str = "", *, required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": definition,
    }


def json_body(definition: Schema) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": definition}}}


def multipart_body(definition: Schema) -> dict[str, Any]:
    return {"required": True, "content": {"multipart/form-data": {"schema": definition}}}


def path(
    method: str,
    route: str,
    *,
    summary: str,
    responses: Mapping[int, Schema],
    params: Sequence[dict[str, Any]] = (),
    body: dict[str, Any] | None = None,
    rate_limited: bool = False,
    description: str = "",
) -> Callable[[F], F]:
    """Route the view on the API blueprint at ``route`` and document the operation."""

    def decorate(view: F) -> F:
        capability = getattr(view, "access", None)
        if capability is None:
            raise TypeError(f"{view.__name__}: put @api_require(...) or @public under @path.")
        operation = {
            "operationId": view.__name__,
            "summary": summary,
            "description": description,
            "parameters": [*_path_params(route), *params],
            "responses": _responses(responses, route, params, body, capability, rate_limited),
        }
        if body is not None:
            operation["requestBody"] = body
        if capability == "public":
            operation["security"] = []
        _operations.setdefault(route, {})[method.lower()] = operation
        _query_schemas[f"{bp.name}.{view.__name__}"] = {
            p["name"]: p["schema"] for p in params if p["in"] == "query"
        }
        bp.add_url_rule(flask_rule(route), view_func=view, methods=[method.upper()])
        return view

    return decorate


class IdConverter(BaseConverter):
    """1 to 2^31-1 in the pattern itself. Werkzeug matches a path against every rule's pattern
    before converting, so with ``int(min=1)`` a POST to ``/x/0`` on a path that also has a GET
    rule was a 405 (method mismatch) instead of a 404."""

    regex = (
        r"(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}"
        r"|2147[0-3][0-9]{5}|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}"
        r"|21474836[0-3][0-9]|214748364[0-7])"
    )
    weight = 50

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        return str(value)


def flask_rule(route: str) -> str:
    """``/uploads/{upload_id}`` -> ``/uploads/<id:upload_id>``."""
    return _PARAM.sub(lambda m: f"<{ID_RULE}:{m.group(1)}>", route)


def _path_params(route: str) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in _PARAM.findall(route)
    ]


def _responses(
    answers: Mapping[int, Schema],
    route: str,
    params: Sequence[dict[str, Any]],
    body: dict[str, Any] | None,
    capability: str,
    rate_limited: bool,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        str(status): {"description": _describe(status), "content": _content(definition)}
        for status, definition in answers.items()
    }
    errors = [400]  # an unknown query parameter, at least
    if capability != "public":
        errors.append(401)
        if CAPABILITIES[capability] != ALL_ROLES:
            errors.append(403)
    if _PARAM.search(route):
        errors.append(404)
    if body and "multipart/form-data" in body["content"]:
        errors.append(413)
    if rate_limited:
        errors.append(429)
    for status in errors:
        out.setdefault(
            str(status), {"description": ERROR_CODES[status], "content": _content(ref("Error"))}
        )
    return out


def _describe(status: int) -> str:
    named = {200: "OK", 201: "Created", 202: "Accepted", 503: "The queue is down; retry later."}
    return ERROR_CODES.get(status) or named.get(status, "Answer")


def _content(definition: Schema) -> dict[str, Any]:
    media = definition.get(MEDIA_TYPE, "application/json")
    return {media: {"schema": {k: v for k, v in definition.items() if k != MEDIA_TYPE}}}


@bp.before_request
def refuse_unknown_query_parameters() -> None:
    """A parameter the operation does not declare is a 400, not silently ignored: a typo like
    ``?teir=high`` would otherwise answer with every supplier."""
    declared = _query_schemas.get(request.endpoint or "")
    unknown = sorted(set(request.args) - set(declared or ()))
    if declared is not None and unknown:
        takes = ", ".join(declared) or "no query parameters"
        raise ServiceError(f"Unknown query parameter {unknown[0]!r}; this endpoint takes {takes}.")


def query_args() -> dict[str, Any]:
    """The request's declared query parameters, converted and checked; absent or empty ones are
    None (or their schema's default)."""
    declared = _query_schemas[request.endpoint or ""]
    return {name: _value(request.args.get(name), name, d) for name, d in declared.items()}


def form_args(body: Schema) -> dict[str, Any]:
    """The non-file fields of a multipart body, converted and checked against ``body``."""
    fields = {k: d for k, d in body["properties"].items() if d.get("format") != "binary"}
    return {name: _value(request.form.get(name), name, d) for name, d in fields.items()}


def _value(raw: str | None, name: str, definition: Schema) -> Any:
    if raw is None or raw == "":
        return definition.get("default")
    kind = definition.get("type", "string")
    value: Any = raw
    if kind == "integer":
        value = _integer(raw, name, definition)
    elif kind == "boolean":
        value = _boolean(raw, name)
    else:
        _check_text(raw, name, definition)
    if "enum" in definition and value not in definition["enum"]:
        allowed = ", ".join(str(v) for v in definition["enum"] if v != "")
        raise ServiceError(f"{name} must be one of {allowed}.")
    return value


def _integer(raw: str, name: str, definition: Schema) -> int:
    low, high = definition.get("minimum", -MAX_ID), definition.get("maximum", MAX_ID)
    if not re.fullmatch(r"-?[0-9]{1,12}", raw) or not low <= int(raw) <= high:
        raise ServiceError(f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def _boolean(raw: str, name: str) -> bool:
    if raw not in ("true", "false"):
        raise ServiceError(f"{name} must be true or false.")
    return raw == "true"


def _check_text(raw: str, name: str, definition: Schema) -> None:
    limit = definition.get("maxLength")
    if limit is not None and len(raw) > limit:
        raise ServiceError(f"{name} must be at most {limit} characters.")
    pattern = definition.get("pattern", "")
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"  # as in JSON Schema: "$" is the very end, not "\n" before it
    if pattern and not re.search(pattern, raw):
        expected = definition.get("title", "no control characters")
        raise ServiceError(f"{name} is not in the expected form ({expected}).")


def document(server: str = PREFIX) -> dict[str, Any]:
    """The whole OpenAPI document as a plain dict."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "supplychain API",
            "version": "1",
            "description": "Forced-labour due diligence: uploads, suppliers, rule sets.",
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}],
        "paths": {route: dict(ops) for route, ops in sorted(_operations.items())},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": dict(sorted(_schemas.items())),
        },
    }


schema(
    "Error",
    {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "reference": {"type": "string"}},
    },
)


@path(
    "get",
    "/openapi.json",
    summary="This OpenAPI 3 document",
    responses={200: {"type": "object"}},
)
@public
def openapi_json() -> Any:
    return document(request.script_root + PREFIX)
