"""Reading a company's suppliers: filtered pages, and one supplier with its "why" and history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from supplychain.db.models import Assessment, RuleHit, Supplier, SupplierRecord, Upload
from supplychain.services.errors import NotFound, ServiceError

SORTABLE = {
    "name": Supplier.name,
    "country": Supplier.country,
    "score": Supplier.score,
    "tier": Supplier.score,
    "confidence": Supplier.confidence,
    "updated": Supplier.updated_at,
}
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class SupplierFilter:
    tier: str | None = None
    country: str | None = None
    q: str | None = None
    sort: str = "score"
    descending: bool = True
    page: int = 1
    per_page: int = PAGE_SIZE


def list_suppliers(
    session: Session, company_id: int, f: SupplierFilter
) -> tuple[list[Supplier], int]:
    """One page of suppliers and the total that match."""
    if f.sort not in SORTABLE:
        raise ServiceError(f"Cannot sort by {f.sort!r}; use one of {', '.join(SORTABLE)}.")
    if f.page < 1 or not 1 <= f.per_page <= MAX_PAGE_SIZE:
        raise ServiceError(f"page must be 1 or more and per_page 1 to {MAX_PAGE_SIZE}.")
    stmt = _filtered(company_id, f)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = SORTABLE[f.sort]
    order = column.desc().nulls_last() if f.descending else column.asc().nulls_last()
    rows = session.scalars(
        stmt.order_by(order, Supplier.id).offset((f.page - 1) * f.per_page).limit(f.per_page)
    ).all()
    return list(rows), total


def _filtered(company_id: int, f: SupplierFilter) -> Select[tuple[Supplier]]:
    stmt = select(Supplier).where(Supplier.company_id == company_id)
    if f.tier:
        stmt = stmt.where(Supplier.risk_tier == f.tier)
    if f.country:
        stmt = stmt.where(Supplier.country == f.country.upper())
    if f.q:
        pattern = f"%{f.q.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Supplier.name).like(pattern),
                func.lower(Supplier.supplier_ref).like(pattern),
            )
        )
    return stmt


def get(session: Session, company_id: int, supplier_id: int) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None or supplier.company_id != company_id:
        raise NotFound(f"No supplier {supplier_id}.")
    return supplier


def detail(session: Session, company_id: int, supplier_id: int) -> dict[str, Any]:
    """The supplier, its latest record and assessment with every hit, and its score history."""
    supplier = get(session, company_id, supplier_id)
    record = (
        session.get(SupplierRecord, supplier.latest_record_id)
        if supplier.latest_record_id
        else None
    )
    latest = (
        session.get(Assessment, supplier.latest_assessment_id)
        if supplier.latest_assessment_id
        else None
    )
    return {
        "supplier": supplier_dict(supplier),
        "record": record_dict(record),
        "assessment": assessment_dict(session, latest) if latest else None,
        "history": history(session, company_id, supplier_id),
    }


def history(session: Session, company_id: int, supplier_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(Assessment, Upload.file_name)
        .outerjoin(Upload, Upload.id == Assessment.upload_id)
        .where(Assessment.company_id == company_id, Assessment.supplier_id == supplier_id)
        .order_by(Assessment.assessed_at, Assessment.id)
    )
    return [
        {
            "assessment_id": a.id,
            "assessed_at": a.assessed_at.isoformat(),
            "as_of": a.as_of.date().isoformat(),
            "score": a.score,
            "tier": a.tier,
            "confidence": a.confidence,
            "ruleset": f"{a.ruleset_id}@{a.ruleset_version}",
            "upload_id": a.upload_id,
            "upload": file_name,
        }
        for a, file_name in session.execute(stmt)
    ]


def supplier_dict(s: Supplier) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "country": s.country,
        "supplier_id": s.supplier_ref,
        "sector": s.sector,
        "supply_chain_tier": s.chain_tier,
        "tier": s.risk_tier,
        "score": s.score,
        "confidence": s.confidence,
        "audit_date": s.audit_date.isoformat() if s.audit_date else None,
        "audit_result": s.audit_result,
        "annual_spend": s.annual_spend,
        "currency": s.currency,
    }


def record_dict(r: SupplierRecord | None) -> dict[str, Any] | None:
    if r is None:
        return None
    skip = {"id", "company_id", "supplier_id"}
    out = {c.key: getattr(r, c.key) for c in SupplierRecord.__table__.columns if c.key not in skip}
    if out.get("audit_date"):
        out["audit_date"] = out["audit_date"].isoformat()
    return out


def assessment_dict(session: Session, a: Assessment) -> dict[str, Any]:
    hits = session.scalars(
        select(RuleHit)
        .where(RuleHit.assessment_id == a.id)
        .order_by(RuleHit.points.desc(), RuleHit.rule, RuleHit.id)
    ).all()
    return {
        "id": a.id,
        "score": a.score,
        "tier": a.tier,
        "confidence": a.confidence,
        "assessed_at": a.assessed_at.isoformat(),
        "as_of": a.as_of.date().isoformat(),
        "ruleset": {
            "id": a.ruleset_id,
            "version": a.ruleset_version,
            "sha256": a.ruleset_sha256,
            "files": a.file_hashes,
        },
        "hits": [
            {
                "rule": h.rule,
                "points": h.points,
                "reason": h.reason,
                "source": h.source,
                "detail": h.detail,
            }
            for h in hits
        ],
    }
