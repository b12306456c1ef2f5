"""One finding with everything about it: indicators, actions and their history, attachments,
remedy entries and totals, and the supplier's current score (for the page and the API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.models import Attachment, CorrectiveAction, Supplier, User
from supplychain.services.remediation import actions, findings, indicators, remedy


def finding_detail(
    session: Session, settings: Settings, company_id: int, finding_id: int, today: date
) -> dict[str, Any]:
    finding = findings.get(session, company_id, finding_id)
    supplier = session.get(Supplier, finding.supplier_id)
    known = indicators.by_id(settings.rules_dir)
    out = findings.summary(finding, supplier, findings.indicator_ids(session, finding.id))
    out["indicators"] = [
        {"id": i, "name": known[i].name, "description": known[i].description}
        for i in out["indicators"]
    ]
    out["actions"] = [
        actions.action_dict(a, actions.events(session, a.id), today)
        for a in session.scalars(
            select(CorrectiveAction)
            .where(CorrectiveAction.finding_id == finding.id)
            .order_by(CorrectiveAction.due_date, CorrectiveAction.id)
        )
    ]
    out["attachments"] = [attachment_dict(a) for a in _attachments(session, finding.id)]
    out["remedy"] = {
        "entries": [remedy.entry_dict(e) for e in remedy.entries(session, company_id, finding.id)],
        "totals": [t.as_dict() for t in remedy.totals(session, company_id, finding_id=finding.id)],
        "supplier_totals": [
            t.as_dict() for t in remedy.totals(session, company_id, supplier_id=supplier.id)
        ],
    }
    out["people"] = _people(session, company_id, out)
    return out


def attachment_dict(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "action_id": a.action_id,
        "file_name": a.file_name,
        "content_type": a.content_type,
        "sha256": a.sha256,
        "size_bytes": a.size_bytes,
        "uploaded_at": a.uploaded_at.isoformat(),
    }


def _attachments(session: Session, finding_id: int) -> list[Attachment]:
    stmt = select(Attachment).where(Attachment.finding_id == finding_id)
    return list(session.scalars(stmt.order_by(Attachment.id)))


def _people(session: Session, company_id: int, out: dict[str, Any]) -> dict[int, str]:
    """E-mail of every user named in the history or the ledger (same company only)."""
    ids = {e["actor_id"] for a in out["actions"] for e in a["events"] if e["actor_id"]}
    ids |= {e["verified_by_id"] for e in out["remedy"]["entries"] if e["verified_by_id"]}
    if not ids:
        return {}
    stmt = select(User.id, User.email).where(User.company_id == company_id, User.id.in_(ids))
    return {row.id: row.email for row in session.execute(stmt)}
