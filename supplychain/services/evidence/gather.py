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
    Assessment,
    AuditEvent,
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


def stream(session: Session, stmt: Select[Any]) -> Iterator[Any]:
    """Rows in batches (a server-side cursor on PostgreSQL), never the whole result at once."""
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
    for found in stream(session, stmt):
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
    for found in stream(session, stmt):
        yield dict(found._mapping)


def rulesets_used(session: Session, scope: Scope) -> list[Assessment]:
    """One assessment per distinct rule set (id, version, sha256) among the latest ones."""
    first = _scoped(scope, func.min(Assessment.id)).group_by(
        Assessment.ruleset_id, Assessment.ruleset_version, Assessment.ruleset_sha256
    )
    stmt = select(Assessment).where(Assessment.id.in_(first)).order_by(Assessment.id)
    return list(session.scalars(stmt))


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
    for (event,) in stream(session, stmt):
        yield chain_entry(event)
