"""Findings and corrective actions over the API: thin views over the remediation services."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import request
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import User
from supplychain.db.models.remediation import ACTION_STATUSES, FINDING_SOURCES, SEVERITIES
from supplychain.services.errors import ServiceError
from supplychain.services.remediation import actions, detail, findings
from supplychain.web.api import api_require, api_user, openapi
from supplychain.web.extensions import database, settings

_INT = {"type": "integer"}
_STR = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_INDICATORS = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "integer", "minimum": 1, "maximum": 11},
    "description": "ILO forced-labour indicator ids (1-11)",
}
_ID = {"type": "integer", "minimum": 1, "maximum": openapi.MAX_ID}


def _text(limit: int, *, required: bool = False) -> dict[str, Any]:
    """A string schema; a required one must hold a visible character."""
    out: dict[str, Any] = {"type": "string", "maxLength": limit}
    return {**out, "minLength": 1, "pattern": r"\S"} if required else out


FINDING = openapi.schema(
    "Finding",
    {
        "type": "object",
        "required": ["id", "supplier", "title", "severity", "status", "indicators"],
        "properties": {
            "id": _INT,
            "supplier": {"type": "object"},
            "title": _STR,
            "description": _STR,
            "severity": {"type": "string", "enum": list(SEVERITIES)},
            "source_type": {"type": "string", "enum": list(FINDING_SOURCES)},
            "source_ref": _STR,
            "status": {"type": "string", "enum": list(findings.FINDING_STATUSES)},
            "indicators": {"type": "array", "items": {}},
        },
    },
)
ACTION = openapi.schema(
    "CorrectiveAction",
    {
        "type": "object",
        "required": ["id", "finding_id", "status", "allowed_next", "due_date", "owner"],
        "properties": {
            "id": _INT,
            "finding_id": _INT,
            "title": _STR,
            "owner": _STR,
            "due_date": _DATE,
            "status": {"type": "string", "enum": list(ACTION_STATUSES)},
            "allowed_next": {"type": "array", "items": _STR},
            "overdue": {"type": "boolean"},
            "events": {"type": "array", "items": {"type": "object"}},
        },
    },
)
FINDING_DETAIL = openapi.schema(
    "FindingDetail",
    {
        "allOf": [
            FINDING,
            {
                "type": "object",
                "properties": {
                    "actions": {"type": "array", "items": ACTION},
                    "attachments": {"type": "array", "items": {"type": "object"}},
                    "remedy": {"type": "object"},
                },
            },
        ]
    },
)
FINDING_LIST = openapi.schema(
    "FindingList",
    {
        "type": "object",
        "required": ["items", "total"],
        "properties": {"items": {"type": "array", "items": FINDING}, "total": _INT, "page": _INT},
    },
)
_FINDING_FIELDS = {  # what a person says was found; a correction may change any of them
    "title": _text(300, required=True),
    "severity": {"type": "string", "enum": list(SEVERITIES)},
    "indicators": _INDICATORS,
    "description": _text(20_000),
    "source_type": {"type": "string", "enum": list(FINDING_SOURCES)},
    "source_ref": _text(2_000),
    "found_on": _DATE,
}
NEW_FINDING = openapi.schema(
    "NewFinding",
    {
        "type": "object",
        "required": ["supplier_id", "title", "severity", "indicators"],
        "properties": {"supplier_id": _ID, **_FINDING_FIELDS},
    },
)
FINDING_CHANGE = openapi.schema(
    "FindingChange",
    {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "description": "A correction to a finding; a changed severity re-scores the supplier.",
        "properties": _FINDING_FIELDS,
    },
)
NEW_ACTION = openapi.schema(
    "NewAction",
    {
        "type": "object",
        "required": ["title", "owner", "due_date"],
        "properties": {
            "title": _text(300, required=True),
            "owner": _text(254, required=True),
            "due_date": _DATE,
            "description": _text(20_000),
        },
    },
)
ACTION_CHANGE = openapi.schema(
    "ActionChange",
    {
        "type": "object",
        "minProperties": 1,
        "anyOf": [{"not": {"required": ["reason"]}}, {"required": ["status"]}],
        "description": "A reason goes with a status change.",
        "properties": {
            "status": {"type": "string", "enum": list(ACTION_STATUSES)},
            "reason": {**_text(20_000), "description": "required to cancel or escalate"},
            "comment": _text(20_000),
            "owner": _text(254, required=True),
            "due_date": _DATE,
        },
    },
)


@openapi.path(
    "get",
    "/findings",
    summary="The company's findings, newest first",
    params=[
        openapi.query("status", {"type": "string", "enum": list(findings.FINDING_STATUSES)}),
        openapi.query("severity", {"type": "string", "enum": list(SEVERITIES)}),
        openapi.query("supplier_id", _ID),
        openapi.query("page", _ID),
    ],
    responses={200: FINDING_LIST},
)
@api_require("read")
def list_findings() -> Any:
    unknown = set(request.args) - LIST_PARAMS
    if unknown:
        raise ServiceError(f"Unknown query parameter {sorted(unknown)[0]!r}.")
    f = findings.FindingFilter(
        status=_choice_arg("status", findings.FINDING_STATUSES),
        severity=_choice_arg("severity", SEVERITIES),
        supplier_id=_int_arg("supplier_id"),
        page=_int_arg("page") or 1,
    )
    with database().reading() as s:
        rows, total = findings.list_findings(s, api_user().company_id, f)
        items = [
            findings.summary(finding, supplier, findings.indicator_ids(s, finding.id))
            for finding, supplier in rows
        ]
    return {"items": items, "total": total, "page": f.page}


@openapi.path(
    "post",
    "/findings",
    summary="Record a finding on a supplier (re-scores the supplier)",
    body=openapi.json_body(NEW_FINDING),
    responses={201: FINDING_DETAIL, 404: openapi.ref("Error")},
)
@api_require("remediate")
def create_finding() -> Any:
    body = _body()
    new = findings.NewFinding(
        supplier_id=_int_field(body, "supplier_id"),
        title=_str(body, "title"),
        severity=_str(body, "severity"),
        indicators=_indicators(body.get("indicators")),
        description=_str(body, "description"),
        source_type=_str(body, "source_type") or "manual",
        source_ref=_str(body, "source_ref"),
        found_on=_date(body, "found_on", required=False),
    )
    company_id = api_user().company_id
    with database().transaction() as s:
        finding = findings.create(s, settings(), company_id, _actor(s), new)
        out = detail.finding_detail(s, settings(), company_id, finding.id, utcnow().date())
    return out, 201


@openapi.path(
    "get",
    "/findings/{finding_id}",
    summary="One finding with its indicators, actions, attachments and remedy ledger",
    responses={200: FINDING_DETAIL},
)
@api_require("read")
def get_finding(finding_id: int) -> Any:
    with database().reading() as s:
        return detail.finding_detail(
            s, settings(), api_user().company_id, finding_id, utcnow().date()
        )


@openapi.path(
    "patch",
    "/findings/{finding_id}",
    summary="Correct a finding (title, severity, indicators, description, source, date)",
    body=openapi.json_body(FINDING_CHANGE),
    responses={200: FINDING_DETAIL},
)
@api_require("remediate")
def update_finding(finding_id: int) -> Any:
    body = _body()
    unknown = set(body) - FINDING_FIELDS
    if unknown or not body:
        raise ServiceError(f"Send one or more of: {', '.join(sorted(FINDING_FIELDS))}.")
    texts = {k: _str(body, k) for k in FINDING_FIELDS - {"indicators", "found_on"} if k in body}
    changes = findings.FindingChanges(
        **texts,
        indicators=_indicators(body["indicators"]) if "indicators" in body else None,
        found_on=_date(body, "found_on", required=False),
    )
    company_id = api_user().company_id
    with database().transaction() as s:
        findings.update(s, settings(), company_id, _actor(s), finding_id, changes)
        return detail.finding_detail(s, settings(), company_id, finding_id, utcnow().date())


@openapi.path(
    "post",
    "/findings/{finding_id}/actions",
    summary="Add a corrective action to a finding",
    body=openapi.json_body(NEW_ACTION),
    description="A verified-closed finding takes no new actions (409).",
    responses={201: ACTION, 409: openapi.ref("Error")},
)
@api_require("remediate")
def add_action(finding_id: int) -> Any:
    body = _body()
    new = actions.NewAction(
        title=_str(body, "title"),
        owner=_str(body, "owner"),
        due_date=_date(body, "due_date", required=True),
        description=_str(body, "description"),
    )
    with database().transaction() as s:
        action = actions.add(s, api_user().company_id, _actor(s), finding_id, new)
        return actions.action_dict(action, actions.events(s, action.id), utcnow().date()), 201


@openapi.path(
    "patch",
    "/actions/{action_id}",
    summary="Change an action: status (with a reason where needed), comment, owner, due date",
    description="Refused status changes answer 409 naming the allowed next statuses.",
    body=openapi.json_body(ACTION_CHANGE),
    responses={200: ACTION, 409: openapi.ref("Error")},
)
@api_require("remediate")
def change_action(action_id: int) -> Any:
    body = _body()
    if not CHANGES & set(body):
        raise ServiceError(f"Send at least one of: {', '.join(sorted(CHANGES))}.")
    status, reason, comment = _str(body, "status"), _str(body, "reason"), _str(body, "comment")
    if reason.strip() and not status:
        raise ServiceError("reason goes with a status change; send status too, or use comment.")
    owner = _str(body, "owner") if "owner" in body else None
    due = _date(body, "due_date", required=False)
    company_id = api_user().company_id
    with database().transaction() as s:
        actor = _actor(s)
        action = actions.get(s, company_id, action_id)
        if owner is not None or due is not None:
            actions.update(s, company_id, actor, action.id, owner=owner, due_date=due)
        if status:
            actions.change_status(s, settings(), company_id, actor, action.id, status, reason)
        if comment.strip():
            actions.comment(s, company_id, actor, action.id, comment)
        return actions.action_dict(action, actions.events(s, action.id), utcnow().date())


CHANGES = frozenset({"status", "reason", "comment", "owner", "due_date"})
FINDING_FIELDS = frozenset(_FINDING_FIELDS)  # the fields a correction may send
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LIST_PARAMS = frozenset({"status", "severity", "supplier_id", "page"})


def _actor(s: Session) -> User:
    return s.get(User, api_user().id)


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ServiceError("Send a JSON object with Content-Type: application/json.")
    return body


def _str(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise ServiceError(f"{name} must be a string.")
    return value


def _choice_arg(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    if value is not None and value not in allowed:
        raise ServiceError(f"{name} must be one of: {', '.join(allowed)}.")
    return value


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= openapi.MAX_ID:
        raise ServiceError(f"{name} must be a whole number from 1 to {openapi.MAX_ID}.")
    return int(value)


def _int_field(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= openapi.MAX_ID:
        raise ServiceError(f"{name} must be an integer from 1 to {openapi.MAX_ID}.")
    return value


def _indicators(value: Any) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 11 for v in value)
    ):
        raise ServiceError("indicators must be a list of ILO indicator ids, 1 to 11.")
    return value


def _date(body: dict[str, Any], name: str, *, required: bool) -> date | None:
    """A YYYY-MM-DD date from the body; absent is None (or an error when required)."""
    if name not in body:
        if required:
            raise ServiceError(f"{name} is required (YYYY-MM-DD).")
        return None
    value = body[name]
    try:
        if isinstance(value, str) and ISO_DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ServiceError(f"{name} must be a date written YYYY-MM-DD.")
