"""The worker remedy ledger: who was affected, what they are owed, what reached them.

Amounts are Decimal end to end; totals are per currency (see ``money``), per finding, per supplier
and per company. Payment evidence is an attachment; verification records who checked it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import RemedyEntry, User
from supplychain.services import audit
from supplychain.services.errors import Conflict, ServiceError
from supplychain.services.remediation import attachments, findings, money
from supplychain.services.remediation.common import owned, text_field

KINDS: Final = {"recruitment_fees": "Recruitment fees", "wages": "Wages"}


@dataclass(frozen=True)
class NewRemedy:
    kind: str
    currency: str
    amount_owed: Any
    workers_affected: Any = 0
    amount_repaid: Any = "0"
    paid_on: date | None = None
    notes: str = ""
    evidence_attachment_id: int | None = None


def get(session: Session, company_id: int, entry_id: int, *, lock: bool = False) -> RemedyEntry:
    return owned(session, RemedyEntry, company_id, entry_id, "remedy entry", lock=lock)


def add(
    session: Session, company_id: int, actor: User | None, finding_id: int, new: NewRemedy
) -> RemedyEntry:
    finding = findings.get(session, company_id, finding_id)
    if new.kind not in KINDS:
        raise ServiceError(f"The kind of remedy must be one of: {', '.join(KINDS)}.")
    owed = money.parse_amount(new.amount_owed, "amount owed")
    repaid = money.parse_amount(new.amount_repaid, "amount repaid")
    _check_not_over(owed, repaid)
    entry = RemedyEntry(
        company_id=company_id,
        finding_id=finding.id,
        supplier_id=finding.supplier_id,
        kind=new.kind,
        workers_affected=_workers(new.workers_affected),
        amount_owed=owed,
        amount_repaid=repaid,
        currency=money.parse_currency(new.currency),
        paid_on=new.paid_on,
        evidence_attachment_id=_evidence(
            session, company_id, finding.id, new.evidence_attachment_id
        ),
        notes=text_field(new.notes, "notes", 5_000),
        created_by_id=actor.id if actor else None,
    )
    session.add(entry)
    session.flush()
    _audit(session, entry, actor, "remedy.recorded", _amounts(entry))
    return entry


def record_repayment(
    session: Session,
    company_id: int,
    actor: User | None,
    entry_id: int,
    amount: Any,
    paid_on: date | None,
    evidence_attachment_id: int | None = None,
) -> RemedyEntry:
    """Add a repayment to an entry; a verified entry needs verifying again afterwards."""
    entry = get(session, company_id, entry_id, lock=True)
    paid = money.parse_amount(amount, "repayment")
    if paid <= 0:
        raise ServiceError("The repayment must be more than zero.")
    total = Decimal(entry.amount_repaid) + paid
    _check_not_over(Decimal(entry.amount_owed), total)
    entry.amount_repaid = total
    entry.paid_on = paid_on or entry.paid_on
    if evidence_attachment_id is not None:
        entry.evidence_attachment_id = _evidence(
            session, company_id, entry.finding_id, evidence_attachment_id
        )
    entry.verified_by_id, entry.verified_at = None, None
    _audit(session, entry, actor, "remedy.repaid", {"repayment": str(paid), **_amounts(entry)})
    return entry


def verify(session: Session, company_id: int, actor: User, entry_id: int) -> RemedyEntry:
    """Record that ``actor`` checked the payment evidence of this entry."""
    entry = get(session, company_id, entry_id, lock=True)
    if entry.evidence_attachment_id is None:
        raise Conflict("Attach the payment evidence before verifying the repayment.")
    if entry.verified_at is not None:
        raise Conflict(f"Remedy entry {entry.id} is already verified.")
    entry.verified_by_id, entry.verified_at = actor.id, utcnow()
    _audit(session, entry, actor, "remedy.verified", _amounts(entry))
    return entry


def entries(session: Session, company_id: int, finding_id: int) -> list[RemedyEntry]:
    stmt = select(RemedyEntry).where(
        RemedyEntry.company_id == company_id, RemedyEntry.finding_id == finding_id
    )
    return list(session.scalars(stmt.order_by(RemedyEntry.id)))


def totals(
    session: Session,
    company_id: int,
    *,
    supplier_id: int | None = None,
    finding_id: int | None = None,
) -> list[money.CurrencyTotal]:
    """Ledger totals per currency for the company, one supplier, or one finding."""
    stmt = select(
        RemedyEntry.kind,
        RemedyEntry.currency,
        RemedyEntry.amount_owed,
        RemedyEntry.amount_repaid,
        RemedyEntry.workers_affected,
    ).where(RemedyEntry.company_id == company_id)
    if supplier_id is not None:
        stmt = stmt.where(RemedyEntry.supplier_id == supplier_id)
    if finding_id is not None:
        stmt = stmt.where(RemedyEntry.finding_id == finding_id)
    return money.totals(money.LedgerLine(*row) for row in session.execute(stmt))


def entry_dict(entry: RemedyEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "workers_affected": entry.workers_affected,
        **_amounts(entry),
        "paid_on": entry.paid_on.isoformat() if entry.paid_on else None,
        "evidence_attachment_id": entry.evidence_attachment_id,
        "verified_by_id": entry.verified_by_id,
        "verified_at": entry.verified_at.isoformat() if entry.verified_at else None,
        "notes": entry.notes,
    }


def _amounts(entry: RemedyEntry) -> dict[str, Any]:
    owed, repaid = Decimal(entry.amount_owed), Decimal(entry.amount_repaid)
    return {
        "currency": entry.currency,
        "amount_owed": str(owed.quantize(money.CENT)),
        "amount_repaid": str(repaid.quantize(money.CENT)),
        "outstanding": str((owed - repaid).quantize(money.CENT)),
    }


def _evidence(
    session: Session, company_id: int, finding_id: int, attachment_id: int | None
) -> int | None:
    """The attachment id, once it is known to be evidence on this finding."""
    if attachment_id is None:
        return None
    attachment = attachments.get(session, company_id, attachment_id)
    if attachment.finding_id != finding_id:
        raise ServiceError(f"Attachment {attachment_id} belongs to another finding.")
    return attachment.id


def _check_not_over(owed: Decimal, repaid: Decimal) -> None:
    if repaid > owed:
        raise ServiceError(f"The amount repaid ({repaid}) would exceed the amount owed ({owed}).")


def _workers(value: Any) -> int:
    text = str(value if value is not None else "0").strip() or "0"
    if not text.isdigit():
        raise ServiceError("The number of workers affected must be a whole number, 0 or more.")
    return int(text)


def _audit(
    session: Session, entry: RemedyEntry, actor: User | None, verb: str, details: dict[str, Any]
) -> None:
    audit.record(
        session,
        entry.company_id,
        actor or "system",
        verb,
        "remedy_entry",
        entry.id,
        {"finding_id": entry.finding_id, "kind": entry.kind, **details},
    )
