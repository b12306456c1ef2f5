"""Read what an evidence pack holds from the database, streaming rows as plain mappings.

Everything is as of the pack's cut-off: each supplier's latest assessment by then, the findings,
actions and history recorded by then, and the audit chain up to the pack's own request entry.
Large tables are streamed (``yield_per``) so a pack of 100k suppliers keeps memory flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from supplychain.db.models import (
    ActionEvent,
    Assessment,
    AuditEvent,
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
    RuleHit,
    Supplier,
    SupplierRecord,
    Upload,
    User,
)
from supplychain.services.audit import chain_entry

BATCH = 2000
Row = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """Which company, suppliers and time span a pack covers (all plain values)."""

    company_id: int
    start: datetime | None
    cutoff: datetime
    supplier_ids: tuple[int, ...]
    head_seq: int


def _stream(session: Session, stmt: Select[Any]) -> Iterator[Any]:
    yield from session.execute(stmt.execution_options(yield_per=BATCH))


def _latest_id(scope: Scope) -> Any:
    """Correlated to Supplier: the id of its newest assessment at the cut-off (an index seek on
    assessments.supplier_id per supplier, where a window over all assessments joined back to
    the suppliers made SQLite compare every pair)."""
    newer = aliased(Assessment)
    return (
        select(newer.id)
        .where(newer.supplier_id == Supplier.id, newer.assessed_at <= scope.cutoff)
        .order_by(newer.assessed_at.desc(), newer.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _scoped(scope: Scope, *columns: Any, outer: bool = False) -> Select[Any]:
    """``columns`` over the pack's suppliers, each joined to its latest assessment and record."""
    stmt = select(*columns).select_from(Supplier)
    join = stmt.outerjoin if outer else stmt.join
    stmt = join(Assessment, Assessment.id == _latest_id(scope)).outerjoin(
        SupplierRecord, SupplierRecord.id == Assessment.record_id
    )
    stmt = stmt.where(
        Supplier.company_id == scope.company_id, Supplier.first_seen_at <= scope.cutoff
    )
    if scope.supplier_ids:
        stmt = stmt.where(Supplier.id.in_(scope.supplier_ids))
    return stmt


SUPPLIER_FIELDS = (
    "supplier_ref",
    "name",
    "country",
    "sector",
    "chain_tier",
    "audit_date",
    "audit_result",
)


def _as_recorded(field: str) -> Any:
    """The value the assessment's own record gave (the supplier's when it has no record)."""
    recorded = getattr(SupplierRecord, field)
    return case((SupplierRecord.id.is_(None), getattr(Supplier, field)), else_=recorded)


def suppliers(session: Session, scope: Scope) -> Iterator[Row]:
    a = Assessment
    stmt = _scoped(
        scope,
        Supplier.id.label("supplier_id"),
        *(_as_recorded(f).label(f) for f in SUPPLIER_FIELDS),
        SupplierRecord.row_number,
        a.id.label("assessment_id"),
        a.assessed_at,
        a.as_of,
        a.score,
        a.tier,
        a.confidence,
        a.ruleset_id,
        a.ruleset_version,
        a.upload_id,
        outer=True,
    ).order_by(Supplier.id)
    for found in _stream(session, stmt):
        row = dict(found._mapping)
        row["supply_chain_tier"] = row.pop("chain_tier")
        ruleset, version = row.pop("ruleset_id"), row.pop("ruleset_version")
        if row["assessment_id"] is not None:
            row["ruleset"], row["as_of"] = f"{ruleset}@{version}", row["as_of"].date()
        yield row


def hits(session: Session, scope: Scope) -> Iterator[Row]:
    stmt = (
        _scoped(
            scope,
            Supplier.id.label("supplier_id"),
            _as_recorded("name").label("supplier_name"),
            RuleHit.assessment_id,
            RuleHit.rule,
            RuleHit.points,
            RuleHit.reason,
            RuleHit.source,
            RuleHit.detail,
        )
        .join(RuleHit, RuleHit.assessment_id == Assessment.id)
        .order_by(Supplier.id, RuleHit.points.desc(), RuleHit.rule, RuleHit.id)
    )
    for found in _stream(session, stmt):
        yield dict(found._mapping)


def rulesets_used(session: Session, scope: Scope) -> list[Assessment]:
    """One assessment per distinct rule set (id, version, sha256) among the latest ones."""
    first = _scoped(scope, func.min(Assessment.id)).group_by(
        Assessment.ruleset_id, Assessment.ruleset_version, Assessment.ruleset_sha256
    )
    stmt = select(Assessment).where(Assessment.id.in_(first)).order_by(Assessment.id)
    return list(session.scalars(stmt))


def findings_query(scope: Scope) -> Select[Any]:
    """Findings recorded by the cut-off and not closed before the period began."""
    stmt = select(Finding.id).where(
        Finding.company_id == scope.company_id, Finding.created_at <= scope.cutoff
    )
    if scope.start is not None:
        stmt = stmt.where(
            or_(Finding.verified_closed_at.is_(None), Finding.verified_closed_at >= scope.start)
        )
    if scope.supplier_ids:
        stmt = stmt.where(Finding.supplier_id.in_(scope.supplier_ids))
    return stmt


def findings(session: Session, scope: Scope, indicator_names: dict[int, str]) -> Iterator[Row]:
    chosen = findings_query(scope)
    marks: dict[int, list[str]] = {}
    for finding_id, indicator in session.execute(
        select(FindingIndicator.finding_id, FindingIndicator.indicator_id)
        .where(FindingIndicator.finding_id.in_(chosen))
        .order_by(FindingIndicator.finding_id, FindingIndicator.indicator_id)
    ):
        marks.setdefault(finding_id, []).append(
            f"{indicator} {indicator_names.get(indicator, '')}".strip()
        )
    stmt = (
        select(Finding, Supplier.name)
        .join(Supplier, Supplier.id == Finding.supplier_id)
        .where(Finding.id.in_(chosen))
        .order_by(Finding.id)
    )
    for f, supplier_name in _stream(session, stmt):
        closed = f.verified_closed_at is not None and f.verified_closed_at <= scope.cutoff
        yield {
            "finding_id": f.id,
            "supplier_id": f.supplier_id,
            "supplier_name": supplier_name,
            "title": f.title,
            "description": f.description,
            "severity": f.severity,
            "indicators": "; ".join(marks.get(f.id, [])),
            "source_type": f.source_type,
            "source_ref": f.source_ref,
            "found_on": f.found_on,
            "status": "closed" if closed else "open",
            "created_at": f.created_at,
            "verified_closed_at": f.verified_closed_at if closed else None,
        }


def _actions_query(scope: Scope) -> Select[Any]:
    return select(CorrectiveAction.id).where(
        CorrectiveAction.finding_id.in_(findings_query(scope)),
        CorrectiveAction.created_at <= scope.cutoff,
    )


def actions(session: Session, scope: Scope) -> Iterator[Row]:
    status_at_cutoff = dict(_statuses(session, scope))
    stmt = (
        select(CorrectiveAction)
        .where(CorrectiveAction.id.in_(_actions_query(scope)))
        .order_by(CorrectiveAction.id)
    )
    for (a,) in _stream(session, stmt):
        closed = _by(a.closed_at, scope.cutoff)
        yield {
            "action_id": a.id,
            "finding_id": a.finding_id,
            "title": a.title,
            "description": a.description,
            "owner": a.owner,
            "due_date": a.due_date,
            "status": status_at_cutoff.get(a.id, a.status),
            "created_at": a.created_at,
            "closed_at": closed,
            "cancel_reason": a.cancel_reason if closed else None,
        }


def _statuses(session: Session, scope: Scope) -> list[tuple[int, str]]:
    """Each action's last status by the cut-off, from its history (later rows win)."""
    stmt = (
        select(ActionEvent.action_id, ActionEvent.to_status)
        .where(
            ActionEvent.action_id.in_(_actions_query(scope)),
            ActionEvent.to_status.is_not(None),
            ActionEvent.at <= scope.cutoff,
        )
        .order_by(ActionEvent.action_id, ActionEvent.at, ActionEvent.id)
    )
    return [(action_id, status) for action_id, status in session.execute(stmt)]


def action_history(session: Session, scope: Scope) -> Iterator[Row]:
    stmt = (
        select(ActionEvent, User.email)
        .outerjoin(User, User.id == ActionEvent.actor_id)
        .where(ActionEvent.action_id.in_(_actions_query(scope)), ActionEvent.at <= scope.cutoff)
        .order_by(ActionEvent.action_id, ActionEvent.at, ActionEvent.id)
    )
    for e, email in _stream(session, stmt):
        yield {
            "action_id": e.action_id,
            "at": e.at,
            "kind": e.kind,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "comment": e.comment,
            "actor": email or "system",
        }


def remedy(session: Session, scope: Scope) -> Iterator[Row]:
    stmt = (
        select(RemedyEntry)
        .where(
            RemedyEntry.finding_id.in_(findings_query(scope)),
            RemedyEntry.created_at <= scope.cutoff,
        )
        .order_by(RemedyEntry.id)
    )
    for (r,) in _stream(session, stmt):
        yield {
            "remedy_id": r.id,
            "finding_id": r.finding_id,
            "supplier_id": r.supplier_id,
            "kind": r.kind,
            "workers_affected": r.workers_affected,
            "amount_owed": r.amount_owed,
            "amount_repaid": r.amount_repaid,
            "currency": r.currency,
            "paid_on": r.paid_on,
            "verified_at": r.verified_at
            if r.verified_at and r.verified_at <= scope.cutoff
            else None,
            "notes": r.notes,
            "created_at": r.created_at,
        }


def _by(moment: datetime | None, cutoff: datetime) -> datetime | None:
    """The moment if it happened by the cut-off, else None (not yet known then)."""
    return moment if moment is not None and moment <= cutoff else None


def uploads(session: Session, scope: Scope) -> list[tuple[Upload, str | None]]:
    """Uploads received in the period, plus those the latest assessments came from."""
    used = _scoped(scope, Assessment.upload_id)
    in_period = Upload.created_at <= scope.cutoff
    if scope.start is not None:
        in_period &= Upload.created_at >= scope.start
    if scope.supplier_ids:
        in_period &= Upload.id.in_(
            select(SupplierRecord.upload_id).where(
                SupplierRecord.supplier_id.in_(scope.supplier_ids)
            )
        )
    stmt = (
        select(Upload, User.email)
        .outerjoin(User, User.id == Upload.uploaded_by_id)
        .where(Upload.company_id == scope.company_id)
        .where(or_(in_period, Upload.id.in_(used)))
        .order_by(Upload.id)
    )
    return [(u, email) for u, email in session.execute(stmt)]


def audit_trail(session: Session, scope: Scope) -> Iterator[Row]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.company_id == scope.company_id, AuditEvent.seq <= scope.head_seq)
        .order_by(AuditEvent.seq)
    )
    for (event,) in _stream(session, stmt):
        yield chain_entry(event)
