"""Entity-list match decisions over the API: a thin view over ``services.entity_decisions``."""

from __future__ import annotations

import re
from typing import Any

from flask import request

from supplychain.db.models import User
from supplychain.services import entity_decisions
from supplychain.services.errors import ServiceError
from supplychain.web.api import api_require, api_user
from supplychain.web.api import openapi as oa
from supplychain.web.extensions import database, settings

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIMITS = {"entity": 500, "edition": 100, "reason": entity_decisions.MAX_REASON}
_STR = {"type": "string"}

DECISION = oa.schema(
    "EntityDecision",
    {
        "type": "object",
        "required": ["id", "supplier_id", "entity", "edition", "status", "reason", "decided_by"],
        "properties": {
            "id": {"type": "integer"},
            "supplier_id": {"type": "integer"},
            "supplier": _STR,
            "entity": _STR,
            "edition": _STR,
            "status": {"type": "string", "enum": list(entity_decisions.STATUSES)},
            "reason": _STR,
            "decided_by": _STR,
            "decided_at": {"type": "string", "format": "date-time"},
            "reopened_by": oa.nullable({**_STR, "description": "newer list edition, if any"}),
        },
    },
)
DECISION_LIST = oa.schema(
    "EntityDecisionList",
    {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": DECISION}},
    },
)
OUTCOME = oa.schema(
    "EntityDecisionOutcome",
    {
        "type": "object",
        "required": ["decision", "score", "tier"],
        "properties": {
            "decision": DECISION,
            "score": {"type": "number"},
            "tier": {"type": "string", "enum": ["low", "medium", "high", "critical"]},
            "previous_tier": oa.nullable(_STR),
        },
    },
)
_VISIBLE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"  # one visible character


def _new_decision(status: str, reason: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["entity", "status", *required],
        "properties": {
            "entity": oa.text(LIMITS["entity"], pattern=_VISIBLE, description="as listed"),
            "edition": oa.text(LIMITS["edition"], description="default: the current match's"),
            "status": {"type": "string", "enum": [status]},
            "reason": reason,
        },
    }


NEW_DECISION = oa.schema(
    "NewEntityDecision",
    {
        "oneOf": [
            _new_decision("confirmed", oa.text(LIMITS["reason"]), []),
            _new_decision(
                "dismissed",
                oa.text(LIMITS["reason"], pattern=_VISIBLE, description="why it is not a match"),
                ["reason"],
            ),
        ]
    },
)
PATH = "/suppliers/{supplier_id}/entity-decisions"


@oa.path(
    "get",
    PATH,
    summary="The supplier's entity-list match decisions, newest first",
    responses={200: DECISION_LIST},
)
@api_require("read")
def list_entity_decisions(supplier_id: int) -> Any:
    with database().reading() as s:
        return {"items": entity_decisions.for_supplier(s, api_user().company_id, supplier_id)}


@oa.path(
    "post",
    PATH,
    summary="Confirm an entity-list match or dismiss it as a false positive (re-scores)",
    description="A decision holds for one list edition; a newer edition re-opens the match.",
    body=oa.json_body(NEW_DECISION),
    responses={200: OUTCOME},
)
@api_require("decide_matches")
def decide_entity_match(supplier_id: int) -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ServiceError("Send a JSON object with Content-Type: application/json.")
    fields = {name: _text(body, name) for name in LIMITS}
    status = body.get("status")
    if status not in entity_decisions.STATUSES:
        raise ServiceError("status must be confirmed or dismissed.")
    new = entity_decisions.NewDecision(
        supplier_id=supplier_id,
        entity=fields["entity"] or "",
        status=status,
        reason=fields["reason"] or "",
        edition=fields["edition"] or None,
    )
    with database().transaction() as s:
        me = s.get(User, api_user().id)
        return entity_decisions.decide(s, settings(), api_user().company_id, me, new)


def _text(body: dict[str, Any], name: str) -> str | None:
    """An optional string field without control characters, within its length limit."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > LIMITS[name] or _CONTROL.search(value):
        raise ServiceError(
            f"{name} must be text of at most {LIMITS[name]} characters, without control characters."
        )
    return value
