"""Corrective actions and worker remedy for the demo's sample findings, so the remediation pages,
the due lists and the dashboard show a plan at every stage (overdue, escalated, verified)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.models import CorrectiveAction, Finding, User
from supplychain.services.remediation import actions, remedy

# (audit reference, finding title, action, owner, due in days from today, moves: (status, reason))
PLAN: Final = (
    (
        "AUD-2026-0004",
        "Recruitment fees paid by migrant workers",
        "Repay the recruitment fees to each worker",
        "finance@mekongporn.example",
        7,
        (("in_progress", ""),),
    ),
    (
        "AUD-2026-0006",
        "Passports kept by the dormitory manager",
        "Return every passport and give workers lockers",
        "hr@bumijaya.example",
        -10,
        (("in_progress", ""),),
    ),
    (
        "AUD-2026-0007",
        "Overtime above the legal limit",
        "Cap weekly hours at 60 with one rest day",
        "gm@jaesh.example",
        -3,
        (("escalated", "No time records sent after two reminders"),),
    ),
    (
        "AUD-2026-0001",
        "Wages paid late",
        "Pay October's wages with the late-payment premium",
        "finance@harhna.example",
        20,
        (("in_progress", ""), ("pending_verification", ""), ("verified_closed", "")),
    ),
)
# (audit reference, finding title, remedy kind, currency, owed, workers, repaid)
REMEDY: Final = (
    ("AUD-2026-0004", "Recruitment fees paid by migrant workers", "recruitment_fees", "USD",
     "14400.00", 12, "6000.00"),
    ("AUD-2026-0001", "Wages paid late", "wages", "BDT", "540000.00", 45, "540000.00"),
)  # fmt: skip


def add_demo_plan(
    session: Session, settings: Settings, company_id: int, actor: User, today: date
) -> str:
    """Add the plan once: nothing happens when the company already has corrective actions."""
    has_actions = session.scalar(
        select(func.count()).where(CorrectiveAction.company_id == company_id)
    )
    if has_actions:
        return "Corrective actions already present; the demo plan was not added again."
    for ref, title, action, owner, days, moves in PLAN:
        finding = _finding(session, company_id, ref, title)
        new = actions.NewAction(action, owner, today + timedelta(days=days))
        added = actions.add(session, company_id, actor, finding.id, new)
        for target, reason in moves:
            actions.change_status(session, settings, company_id, actor, added.id, target, reason)
    for ref, title, kind, currency, owed, workers, repaid in REMEDY:
        finding = _finding(session, company_id, ref, title)
        entry = remedy.NewRemedy(kind, currency, owed, workers, repaid)
        remedy.add(session, company_id, actor, finding.id, entry)
    return f"Added {len(PLAN)} corrective actions and {len(REMEDY)} remedy entries."


def _finding(session: Session, company_id: int, ref: str, title: str) -> Finding:
    stmt = select(Finding).where(
        Finding.company_id == company_id,
        Finding.title == title,
        Finding.source_ref.like(f"%audit {ref}"),
    )
    return session.scalars(stmt.order_by(Finding.id)).one()
