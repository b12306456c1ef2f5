"""Findings on a supplier: what was found, how severe, which ILO indicators, and from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.models import CorrectiveAction, Finding, FindingIndicator, Supplier, User
from supplychain.db.models.remediation import FINDING_SOURCES, SEVERITIES
from supplychain.services import audit, suppliers
from supplychain.services.errors import ServiceError
from supplychain.services.remediation import indicators, rescore, workflow
from supplychain.services.remediation.common import choice, owned, text_field

PAGE_SIZE = 50
FINDING_STATUSES = ("open", "closed")


@dataclass(frozen=True)
class NewFinding:
    """What a person (or an audit file) says was found."""

    supplier_id: int
    title: str
    severity: str
    indicators: Any  # ids, names, or "1;4"
    description: str = ""
    source_type: str = "manual"
    source_ref: str = ""
    found_on: date | None = None
    audit_id: int | None = None


@dataclass(frozen=True)
class FindingFilter:
    status: str | None = None
    severity: str | None = None
    supplier_id: int | None = None
    page: int = 1
    per_page: int = PAGE_SIZE


def create(
    session: Session,
    settings: Settings,
    company_id: int,
    actor: User | None,
    new: NewFinding,
    *,
    rescore_now: bool = True,
) -> Finding:
    """Store a finding with its indicators; the supplier is re-scored unless told otherwise."""
    supplier = suppliers.get(session, company_id, new.supplier_id)
    ids = indicators.resolve(new.indicators, settings.rules_dir)
    finding = Finding(
        company_id=company_id,
        supplier_id=supplier.id,
        audit_id=new.audit_id,
        title=text_field(new.title, "title", 300, required=True),
        description=text_field(new.description, "description", 20_000),
        severity=choice(new.severity, SEVERITIES, "severity"),
        source_type=choice(new.source_type, FINDING_SOURCES, "source"),
        source_ref=text_field(new.source_ref, "source reference", 2_000),
        found_on=new.found_on,
        status="open",
        created_by_id=actor.id if actor else None,
    )
    session.add(finding)
    session.flush()
    session.add_all(FindingIndicator(finding_id=finding.id, indicator_id=i) for i in ids)
    audit.record(
        session,
        company_id,
        actor or "system",
        "finding.created",
        "finding",
        finding.id,
        {
            "supplier_id": supplier.id,
            "severity": finding.severity,
            "indicators": ids,
            "source_type": finding.source_type,
            "audit_id": new.audit_id,
        },
    )
    if rescore_now:
        rescore.rescore(
            session, settings, company_id, [supplier.id], cause=f"finding {finding.id} created"
        )
    return finding


@dataclass(frozen=True)
class FindingChanges:
    """A correction to a recorded finding; None leaves a field as it is."""

    title: str | None = None
    severity: str | None = None
    indicators: Any = None
    description: str | None = None
    source_type: str | None = None
    source_ref: str | None = None
    found_on: date | None = None


def update(
    session: Session,
    settings: Settings,
    company_id: int,
    actor: User | None,
    finding_id: int,
    changes: FindingChanges,
) -> dict[str, Any]:
    """Correct a finding; returns what changed (field -> from/to), recorded in the audit trail.
    A changed severity re-scores the supplier."""
    finding = get(session, company_id, finding_id)
    ids = indicator_ids(session, finding.id)
    before = _editable(finding, ids)
    _apply(finding, changes)
    if changes.indicators is not None:
        wanted = indicators.resolve(changes.indicators, settings.rules_dir)
        if wanted != ids:
            _replace_indicators(session, finding.id, wanted)
            ids = wanted
    after = _editable(finding, ids)
    diff = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    if not diff:
        return diff
    finding.updated_at = utcnow()
    audit.record(
        session, company_id, actor or "system", "finding.updated", "finding", finding.id, diff
    )
    if "severity" in diff:
        cause = f"finding {finding.id} severity {before['severity']} -> {finding.severity}"
        rescore.rescore(session, settings, company_id, [finding.supplier_id], cause=cause)
    return diff


def _apply(finding: Finding, c: FindingChanges) -> None:
    if c.title is not None:
        finding.title = text_field(c.title, "title", 300, required=True)
    if c.severity is not None:
        finding.severity = choice(c.severity, SEVERITIES, "severity")
    if c.description is not None:
        finding.description = text_field(c.description, "description", 20_000)
    if c.source_type is not None:
        finding.source_type = choice(c.source_type, FINDING_SOURCES, "source")
    if c.source_ref is not None:
        finding.source_ref = text_field(c.source_ref, "source reference", 2_000)
    if c.found_on is not None:
        finding.found_on = c.found_on


def _replace_indicators(session: Session, finding_id: int, ids: list[int]) -> None:
    session.execute(delete(FindingIndicator).where(FindingIndicator.finding_id == finding_id))
    session.add_all(FindingIndicator(finding_id=finding_id, indicator_id=i) for i in ids)
    session.flush()


def _editable(finding: Finding, ids: list[int]) -> dict[str, Any]:
    """The fields a correction may change, as the audit trail records them."""
    return {
        "title": finding.title,
        "severity": finding.severity,
        "indicators": ids,
        "description": finding.description,
        "source_type": finding.source_type,
        "source_ref": finding.source_ref,
        "found_on": finding.found_on.isoformat() if finding.found_on else None,
    }


def insert_many(
    session: Session, company_id: int, actor: User | None, new: list[NewFinding]
) -> list[int]:
    """Bulk-insert findings already checked by a reader (the audit-results import): supplier
    ids of this company, known severities and indicator ids. No re-scoring, no audit event:
    the caller does both once for the whole batch."""
    if not new:
        return []
    now = utcnow()
    params = [
        {
            "company_id": company_id,
            "supplier_id": n.supplier_id,
            "audit_id": n.audit_id,
            "title": text_field(n.title, "title", 300, required=True),
            "description": text_field(n.description, "description", 20_000),
            "severity": choice(n.severity, SEVERITIES, "severity"),
            "source_type": choice(n.source_type, FINDING_SOURCES, "source"),
            "source_ref": text_field(n.source_ref, "source reference", 2_000),
            "found_on": n.found_on,
            "status": "open",
            "created_by_id": actor.id if actor else None,
            "created_at": now,
            "updated_at": now,
        }
        for n in new
    ]
    stmt = insert(Finding).returning(Finding.id, sort_by_parameter_order=True)
    ids = list(session.execute(stmt, params).scalars())
    links = [
        {"finding_id": fid, "indicator_id": i}
        for fid, n in zip(ids, new, strict=True)
        for i in sorted(set(n.indicators))
    ]
    session.execute(insert(FindingIndicator), links)
    return ids


def get(session: Session, company_id: int, finding_id: int) -> Finding:
    return owned(session, Finding, company_id, finding_id, "finding")


def indicator_ids(session: Session, finding_id: int) -> list[int]:
    stmt = select(FindingIndicator.indicator_id).where(FindingIndicator.finding_id == finding_id)
    return sorted(session.scalars(stmt))


def list_findings(
    session: Session, company_id: int, f: FindingFilter
) -> tuple[list[tuple[Finding, Supplier]], int]:
    """One page of findings (newest first) with their suppliers, and the total that match."""
    if f.status and f.status not in FINDING_STATUSES:
        raise ServiceError(f"status must be one of {', '.join(FINDING_STATUSES)}.")
    if f.severity and f.severity not in SEVERITIES:
        raise ServiceError(f"severity must be one of {', '.join(SEVERITIES)}.")
    if f.page < 1:
        raise ServiceError("page must be 1 or more.")
    stmt = _filtered(company_id, f)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(Finding.created_at.desc(), Finding.id.desc())
    rows = session.execute(page.offset((f.page - 1) * f.per_page).limit(f.per_page)).all()
    return [(r[0], r[1]) for r in rows], total


def _filtered(company_id: int, f: FindingFilter) -> Select[tuple[Finding, Supplier]]:
    stmt = (
        select(Finding, Supplier)
        .join(Supplier, Supplier.id == Finding.supplier_id)
        .where(Finding.company_id == company_id)
    )
    if f.status:
        stmt = stmt.where(Finding.status == f.status)
    if f.severity:
        stmt = stmt.where(Finding.severity == f.severity)
    if f.supplier_id:
        stmt = stmt.where(Finding.supplier_id == f.supplier_id)
    return stmt


def counts_by_status(session: Session, company_id: int, supplier_id: int) -> dict[str, int]:
    """How many of the supplier's findings are open and closed (both keys always present)."""
    stmt = (
        select(Finding.status, func.count())
        .where(Finding.company_id == company_id, Finding.supplier_id == supplier_id)
        .group_by(Finding.status)
    )
    return {"open": 0, "closed": 0, **dict(session.execute(stmt).all())}


def close_if_verified(session: Session, finding: Finding) -> bool:
    """Close the finding when its actions are all verified; True if it changed."""
    statuses = list(
        session.scalars(
            select(CorrectiveAction.status).where(CorrectiveAction.finding_id == finding.id)
        )
    )
    if finding.status == "closed" or not workflow.finding_closed(statuses):
        return False
    finding.status = "closed"
    finding.verified_closed_at = finding.updated_at = utcnow()
    return True


def summary(finding: Finding, supplier: Supplier, indicator_list: list[int]) -> dict[str, Any]:
    """The finding as JSON (API and pages)."""
    return {
        "id": finding.id,
        "supplier": {
            "id": supplier.id,
            "name": supplier.name,
            "country": supplier.country,
            "score": supplier.score,
            "tier": supplier.risk_tier,
        },
        "title": finding.title,
        "description": finding.description,
        "severity": finding.severity,
        "source_type": finding.source_type,
        "source_ref": finding.source_ref,
        "audit_id": finding.audit_id,
        "found_on": finding.found_on.isoformat() if finding.found_on else None,
        "status": finding.status,
        "verified_closed_at": _iso(finding.verified_closed_at),
        "indicators": indicator_list,
        "created_at": _iso(finding.created_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
