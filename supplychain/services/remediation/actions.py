"""Corrective actions: owner, due date, the status workflow, comments, and their history.

Every change appends an ActionEvent (the action's history) and an audit event. When a status
change closes the finding, the supplier is re-scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.models import ActionEvent, CorrectiveAction, Finding, Supplier, User
from supplychain.services import audit
from supplychain.services.errors import Conflict, ServiceError
from supplychain.services.remediation import findings, rescore, workflow
from supplychain.services.remediation.common import owned, text_field

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class NewAction:
    title: str
    owner: str
    due_date: date | None
    description: str = ""


def get(
    session: Session, company_id: int, action_id: int, *, lock: bool = False
) -> CorrectiveAction:
    return owned(session, CorrectiveAction, company_id, action_id, "corrective action", lock=lock)


def add(
    session: Session, company_id: int, actor: User | None, finding_id: int, new: NewAction
) -> CorrectiveAction:
    finding = findings.get(session, company_id, finding_id)
    if finding.status == "closed":
        raise Conflict(
            f"Finding {finding.id} is verified closed; record a new finding for a new problem."
        )
    if new.due_date is None:
        raise ServiceError("The due date is required (YYYY-MM-DD).")
    action = CorrectiveAction(
        company_id=company_id,
        finding_id=finding.id,
        title=text_field(new.title, "action title", 300, required=True),
        description=text_field(new.description, "description", 20_000),
        owner=text_field(new.owner, "owner", 254, required=True),
        due_date=new.due_date,
        status="open",
        created_by_id=actor.id if actor else None,
    )
    session.add(action)
    session.flush()
    _event(session, action, actor, "created", None, "open", "")
    _audit(session, action, actor, "action.created", {"due_date": new.due_date.isoformat()})
    return action


def change_status(
    session: Session,
    settings: Settings,
    company_id: int,
    actor: User | None,
    action_id: int,
    target: str,
    reason: str | None = None,
) -> CorrectiveAction:
    """Move the action along the workflow; refused moves name from/to and what is allowed."""
    action = get(session, company_id, action_id, lock=True)
    current = action.status
    workflow.check_transition(current, target, reason)
    action.status, action.updated_at = target, utcnow()
    if target == "cancelled":
        action.cancel_reason = (reason or "").strip()
    action.closed_at = utcnow() if target in workflow.TERMINAL else None
    _event(session, action, actor, "status", current, target, (reason or "").strip())
    _audit(session, action, actor, "action.status_changed", {"from": current, "to": target})
    finding = session.get(Finding, action.finding_id)
    # A closed finding's actions are all final, so a status change can only close it.
    if findings.close_if_verified(session, finding):
        audit.record(
            session, company_id, actor, "finding.verified_closed", "finding", finding.id, {}
        )
        rescore.rescore(
            session,
            settings,
            company_id,
            [finding.supplier_id],
            cause=f"finding {finding.id} {finding.status} (action {action.id} {target})",
        )
    return action


def comment(
    session: Session, company_id: int, actor: User | None, action_id: int, text: str
) -> ActionEvent:
    action = get(session, company_id, action_id)
    body = text_field(text, "comment", 20_000, required=True)
    event = _event(session, action, actor, "comment", None, None, body)
    _audit(session, action, actor, "action.commented", {"event_id": event.id})
    return event


def update(
    session: Session,
    company_id: int,
    actor: User | None,
    action_id: int,
    *,
    owner: str | None = None,
    due_date: date | None = None,
) -> CorrectiveAction:
    """Change the owner or the due date of an action that is still active."""
    action = get(session, company_id, action_id, lock=True)
    if action.status in workflow.TERMINAL:
        raise Conflict(f"Action {action.id} is {action.status}; it can no longer be changed.")
    changes: dict[str, Any] = {}
    if owner is not None and owner.strip() != action.owner:
        action.owner = text_field(owner, "owner", 254, required=True)
        changes["owner"] = action.owner
    if due_date is not None and due_date != action.due_date:
        changes["due_date"] = due_date.isoformat()
        action.due_date = due_date
    if changes:
        action.updated_at = utcnow()
        note = "; ".join(f"{k} set to {v}" for k, v in changes.items())
        _event(session, action, actor, "updated", None, None, note)
        _audit(session, action, actor, "action.updated", changes)
    return action


def events(session: Session, action_id: int) -> list[ActionEvent]:
    stmt = select(ActionEvent).where(ActionEvent.action_id == action_id)
    return list(session.scalars(stmt.order_by(ActionEvent.at, ActionEvent.id)))


def due(
    session: Session, company_id: int, today: date, within_days: int = DUE_SOON_DAYS
) -> dict[str, list[tuple[CorrectiveAction, Finding, Supplier]]]:
    """Active actions past their due date, and those due within ``within_days`` of ``today``."""
    stmt = (
        select(CorrectiveAction, Finding, Supplier)
        .join(Finding, Finding.id == CorrectiveAction.finding_id)
        .join(Supplier, Supplier.id == Finding.supplier_id)
        .where(
            CorrectiveAction.company_id == company_id,
            CorrectiveAction.status.in_(sorted(workflow.ACTIVE)),
            CorrectiveAction.due_date <= today + timedelta(days=within_days),
        )
        .order_by(CorrectiveAction.due_date, CorrectiveAction.id)
    )
    rows = [(r[0], r[1], r[2]) for r in session.execute(stmt)]
    return {
        "overdue": [r for r in rows if r[0].due_date < today],
        "due_soon": [r for r in rows if r[0].due_date >= today],
    }


def is_overdue(action: CorrectiveAction, today: date) -> bool:
    return action.status in workflow.ACTIVE and action.due_date < today


def action_dict(
    action: CorrectiveAction, history: list[ActionEvent], today: date
) -> dict[str, Any]:
    return {
        "id": action.id,
        "finding_id": action.finding_id,
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "allowed_next": workflow.allowed_next(action.status),
        "overdue": is_overdue(action, today),
        "cancel_reason": action.cancel_reason,
        "status_reason": _status_reason(action, history),
        "closed_at": action.closed_at.isoformat() if action.closed_at else None,
        "events": [
            {
                "kind": e.kind,
                "from": e.from_status,
                "to": e.to_status,
                "comment": e.comment,
                "actor_id": e.actor_id,
                "at": e.at.isoformat(),
            }
            for e in history
        ],
    }


def _status_reason(action: CorrectiveAction, history: list[ActionEvent]) -> str | None:
    """Why the action is in its status: what was said on the move into it (escalated, cancelled)."""
    moves = [e for e in history if e.kind == "status" and e.to_status == action.status]
    return (moves[-1].comment or None) if moves else None


def _event(
    session: Session,
    action: CorrectiveAction,
    actor: User | None,
    kind: str,
    from_status: str | None,
    to_status: str | None,
    text: str,
) -> ActionEvent:
    event = ActionEvent(
        company_id=action.company_id,
        action_id=action.id,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        comment=text,
        actor_id=actor.id if actor else None,
    )
    session.add(event)
    session.flush()
    return event


def _audit(
    session: Session,
    action: CorrectiveAction,
    actor: User | None,
    verb: str,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        action.company_id,
        actor or "system",
        verb,
        "corrective_action",
        action.id,
        {"finding_id": action.finding_id, **details},
    )
