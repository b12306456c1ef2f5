"""Append to and verify a company's audit trail (a hash chain, one per company)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import AuditChainHead, AuditEvent, User
from supplychain.evidence.chain import GENESIS, entry_hash, first_break

Actor = User | str | None


def record(
    session: Session,
    company_id: int,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. The caller's transaction holds the chain head locked until it commits,
    so concurrent writers queue instead of forking the chain."""
    head = _locked_head(session, company_id)
    event = AuditEvent(
        company_id=company_id,
        seq=head.seq + 1,
        actor_id=actor.id if isinstance(actor, User) else None,
        actor=_actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        occurred_at=utcnow().replace(microsecond=0),
        details=details or {},
        prev_hash=head.hash,
        hash="",
    )
    event.hash = entry_hash(head.hash, chain_entry(event))
    head.seq, head.hash = event.seq, event.hash
    session.add(event)
    session.flush()
    return event


def chain_entry(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, as plain JSON values."""
    return {
        "company_id": event.company_id,
        "seq": event.seq,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "occurred_at": event.occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "details": event.details,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def events(session: Session, company_id: int) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.company_id == company_id).order_by(AuditEvent.seq)
    return list(session.scalars(stmt))


def verify(session: Session, company_id: int) -> str | None:
    """None when the chain is intact, else a sentence naming the first broken entry."""
    rows = events(session, company_id)
    problem = first_break(chain_entry(e) for e in rows)
    if problem:
        return problem
    head = session.get(AuditChainHead, company_id)
    last_hash = rows[-1].hash if rows else GENESIS
    if head is not None and (head.seq, head.hash) != (len(rows), last_hash):
        return f"the chain head says {head.seq} entries but {len(rows)} are stored"
    return None


def _locked_head(session: Session, company_id: int) -> AuditChainHead:
    stmt = select(AuditChainHead).where(AuditChainHead.company_id == company_id).with_for_update()
    head = session.scalars(stmt).one_or_none()
    if head is None:
        head = AuditChainHead(company_id=company_id, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def _actor_label(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.email
    return actor or "system"
