"""The remediation side of a pack: findings, corrective actions and their history, remedy.

Rows are as of the pack's cut-off: a finding closed later is shown open, an action shows the
status its history gave it by then.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from supplychain.db.models import (
    ActionEvent,
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
    Supplier,
    User,
)
from supplychain.services.evidence.gather import Row, Scope, stream


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
    for f, supplier_name in stream(session, stmt):
        closed = _by(f.verified_closed_at, scope.cutoff)
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
            "verified_closed_at": closed,
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
    for (a,) in stream(session, stmt):
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
    for e, email in stream(session, stmt):
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
    for (r,) in stream(session, stmt):
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
            "verified_at": _by(r.verified_at, scope.cutoff),
            "notes": r.notes,
            "created_at": r.created_at,
        }


def _by(moment: datetime | None, cutoff: datetime) -> datetime | None:
    """The moment if it happened by the cut-off, else None (not yet known then)."""
    return moment if moment is not None and moment <= cutoff else None
