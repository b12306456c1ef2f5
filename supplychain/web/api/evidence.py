"""``/evidence-packs``: request a pack for a period and suppliers, follow it, download it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request

from supplychain.services import evidence
from supplychain.services.errors import ServiceError
from supplychain.services.jobs import JobContext
from supplychain.web.api import api_require, api_user
from supplychain.web.api import openapi as oa
from supplychain.web.evidence import send_pack
from supplychain.web.extensions import database, runner, settings

ID = {"type": "integer", "minimum": 1, "maximum": oa.MAX_ID}
DAY = oa.nullable({"type": "string", "format": "date", "description": "YYYY-MM-DD"})
STATUS = {"type": "string", "enum": ["queued", "building", "done", "failed"]}
NEW_PACK = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "date_from": DAY,
        "date_to": DAY,
        "supplier_ids": {"type": "array", "items": ID, "maxItems": evidence.MAX_SUPPLIERS},
    },
}
ACCEPTED = oa.schema(
    "EvidencePackAccepted",
    {
        "type": "object",
        "required": ["id", "status", "job_id"],
        "properties": {"id": {"type": "integer"}, "status": STATUS, "job_id": {"type": "integer"}},
    },
)
PACK = oa.schema(
    "EvidencePack",
    {
        "type": "object",
        "required": ["id", "status", "progress"],
        "properties": {
            "id": {"type": "integer"},
            "status": STATUS,
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "stage": {"type": "string"},
            "job_id": oa.nullable({"type": "integer"}),
            "date_from": DAY,
            "date_to": DAY,
            "supplier_ids": {"type": "array", "items": {"type": "integer"}},
            "requested_by": oa.nullable({"type": "string"}),
            "created_at": {"type": "string"},
            "finished_at": oa.nullable({"type": "string"}),
            "sha256": oa.nullable({"type": "string"}),
            "size_bytes": oa.nullable({"type": "integer"}),
            "chain_head": oa.nullable({"type": "string"}),
            "error": oa.nullable({"type": "string"}),
            "download": oa.nullable({"type": "string"}),
        },
    },
)
PACKS = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": PACK}},
}


@oa.path(
    "post",
    "/evidence-packs",
    summary="Request an evidence pack for a period and, optionally, some suppliers",
    body=oa.json_body(NEW_PACK),
    responses={202: ACCEPTED, 404: oa.ref("Error")},
    description=(
        "The period is the span between date_from and date_to (either may be left out; given "
        "in the wrong order they are swapped). Building runs as a job; follow it with "
        "GET /evidence-packs/{pack_id}."
    ),
)
@api_require("evidence")
def create_evidence_pack() -> Any:
    me = api_user()
    ctx = JobContext(database(), settings())
    pack, job = evidence.queue_pack(
        ctx, runner(), me.company_id, me.id, _request(request.get_json(silent=True))
    )
    with database().reading() as s:
        status = evidence.get(s, me.company_id, pack.id).status
    return {"id": pack.id, "status": status, "job_id": job.id}, 202


def _request(body: Any) -> evidence.PackRequest:
    if not isinstance(body, dict):
        raise ServiceError('Send a JSON object, e.g. {"date_from": "2025-01-01"}.')
    if unknown := sorted(set(body) - set(NEW_PACK["properties"])):
        raise ServiceError(f"Unknown field {unknown[0]!r}.")
    ids = body.get("supplier_ids", [])
    if not isinstance(ids, list) or not all(_is_id(i) for i in ids):
        raise ServiceError("supplier_ids must be a list of supplier ids (whole numbers).")
    if len(ids) > evidence.MAX_SUPPLIERS:
        raise ServiceError(f"Give at most {evidence.MAX_SUPPLIERS} supplier ids.")
    start, end = _day(body.get("date_from"), "date_from"), _day(body.get("date_to"), "date_to")
    if start and end and start > end:  # a period is the span between the two days
        start, end = end, start
    return evidence.PackRequest(
        date_from=start, date_to=end, supplier_ids=tuple(dict.fromkeys(ids))
    )


def _is_id(value: Any) -> bool:
    return type(value) is int and 1 <= value <= oa.MAX_ID


def _day(value: Any, name: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ServiceError(f"{name} must be a date written YYYY-MM-DD.")


@oa.path(
    "get",
    "/evidence-packs",
    summary="The company's evidence packs, newest first",
    responses={200: PACKS},
)
@api_require("evidence")
def list_evidence_packs() -> Any:
    with database().reading() as s:
        return {"items": [_with_link(p) for p in evidence.list_packs(s, api_user().company_id)]}


@oa.path(
    "get",
    "/evidence-packs/{pack_id}",
    summary="An evidence pack's status and progress",
    responses={200: PACK},
)
@api_require("evidence")
def get_evidence_pack(pack_id: int) -> Any:
    with database().reading() as s:
        return _with_link(evidence.pack_dict(s, evidence.get(s, api_user().company_id, pack_id)))


@oa.path(
    "get",
    "/evidence-packs/{pack_id}/download",
    summary="Download a finished evidence pack",
    responses={200: oa.download("application/zip"), 409: oa.ref("Error")},
)
@api_require("evidence")
def download_evidence_pack(pack_id: int) -> Any:
    me = api_user()
    return send_pack(me.company_id, me.id, pack_id)


def _with_link(pack: dict[str, Any]) -> dict[str, Any]:
    link = f"{oa.PREFIX}/evidence-packs/{pack['id']}/download" if pack["status"] == "done" else None
    return {**pack, "download": link}
