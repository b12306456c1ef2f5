"""``GET /suppliers`` (filtered pages) and ``GET /suppliers/{id}`` (the "why" and the history)."""

from __future__ import annotations

from typing import Any

from supplychain.services import suppliers
from supplychain.services.suppliers import MAX_PAGE_SIZE, PAGE_SIZE, SupplierFilter
from supplychain.web.api import api_require, api_user
from supplychain.web.api import openapi as oa
from supplychain.web.extensions import database

TIERS = ["low", "medium", "high", "critical"]
NUMBER = oa.nullable({"type": "number"})
TIER = oa.nullable({"type": "string", "enum": TIERS})
TEXT = oa.nullable({"type": "string"})

ITEM_PROPERTIES = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
    "tier": TIER,
    "score": NUMBER,
    "confidence": NUMBER,
}
ITEM = oa.schema(
    "SupplierItem",
    {"type": "object", "required": list(ITEM_PROPERTIES), "properties": ITEM_PROPERTIES},
)
PAGE = oa.schema(
    "SupplierPage",
    {
        "type": "object",
        "required": ["items", "total"],
        "properties": {
            "items": {"type": "array", "items": ITEM},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    },
)
HIT = {
    "type": "object",
    "required": ["rule", "points", "reason", "source"],
    "properties": {
        "rule": {"type": "string"},
        "points": {"type": "number"},
        "reason": {"type": "string"},
        "source": {"type": "string"},
        "detail": oa.nullable({"type": "object"}),
    },
}
ASSESSMENT = {
    "type": "object",
    "required": ["id", "score", "tier", "confidence", "ruleset", "hits"],
    "properties": {
        "id": {"type": "integer"},
        "score": {"type": "number"},
        "tier": {"type": "string", "enum": TIERS},
        "confidence": {"type": "number"},
        "assessed_at": {"type": "string"},
        "as_of": {"type": "string", "format": "date"},
        "ruleset": {"type": "object"},
        "hits": {"type": "array", "items": HIT},
    },
}
DETAIL = oa.schema(
    "SupplierDetail",
    {
        "type": "object",
        "required": ["supplier", "record", "assessment", "history"],
        "properties": {
            "supplier": {
                "type": "object",
                "required": list(ITEM_PROPERTIES),
                "properties": {**ITEM_PROPERTIES, "supplier_id": TEXT, "sector": TEXT},
            },
            "record": oa.nullable({"type": "object", "description": "The latest upload's row."}),
            "assessment": oa.nullable(ASSESSMENT),
            "history": {"type": "array", "items": {"type": "object"}},
        },
    },
)


@oa.path(
    "get",
    "/suppliers",
    summary="Your company's suppliers, riskiest first",
    params=[
        oa.query("tier", {"type": "string", "enum": ["", *TIERS]}, "Only this risk tier."),
        oa.query(
            "country",
            {"type": "string", "pattern": "^([A-Za-z]{2})?$", "title": "two letters"},
            "ISO 3166-1 alpha-2 code.",
        ),
        oa.query("q", oa.text(200), "Part of the name or supplier id."),
        oa.query("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}),
        oa.query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
        ),
    ],
    responses={200: PAGE},
)
@api_require("read")
def list_suppliers() -> Any:
    args = oa.query_args()
    wanted = SupplierFilter(
        tier=args["tier"],
        country=args["country"],
        q=args["q"],
        page=args["page"],
        per_page=args["per_page"],
    )
    with database().reading() as s:
        rows, total = suppliers.list_suppliers(s, api_user().company_id, wanted)
        items = [
            {
                "id": r.id,
                "name": r.name,
                "country": r.country,
                "tier": r.risk_tier,
                "score": r.score,
                "confidence": r.confidence,
            }
            for r in rows
        ]
    return {"items": items, "total": total, "page": wanted.page, "per_page": wanted.per_page}


@oa.path(
    "get",
    "/suppliers/{supplier_id}",
    summary="One supplier: latest assessment with every rule hit and source, and score history",
    responses={200: DETAIL},
)
@api_require("read")
def get_supplier(supplier_id: int) -> Any:
    with database().reading() as s:
        return suppliers.detail(s, api_user().company_id, supplier_id)
