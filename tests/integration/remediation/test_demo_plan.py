"""The demo's corrective-action plan: every stage shows (due soon, overdue, escalated, verified
closed) with remedy in two currencies, and a second demo run adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from supplychain.db.base import utcnow
from supplychain.db.models import Company, CorrectiveAction, Finding, RemedyEntry
from supplychain.services.demo import DEMO_COMPANY, set_up_demo
from supplychain.services.remediation import actions, remedy


def _count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_demo_plan_shows_every_stage_once(db, settings) -> None:
    _, line = set_up_demo(settings, db)
    assert "Added 4 corrective actions and 2 remedy entries." in line
    with db.reading() as s:
        company = s.scalar(select(Company.id).where(Company.name == DEMO_COMPANY))
        due = actions.due(s, company, utcnow().date())
        statuses = sorted(s.scalars(select(CorrectiveAction.status)))
        closed = list(s.scalars(select(Finding.title).where(Finding.status == "closed")))
        totals = [(t.currency, str(t.owed), str(t.repaid)) for t in remedy.totals(s, company)]
    assert [a.title for a, _, _ in due["overdue"]] == [
        "Return every passport and give workers lockers",
        "Cap weekly hours at 60 with one rest day",
    ]
    assert [a.title for a, _, _ in due["due_soon"]] == ["Repay the recruitment fees to each worker"]
    assert statuses == ["escalated", "in_progress", "in_progress", "verified_closed"]
    assert closed == ["Wages paid late"]
    assert totals == [("BDT", "540000.00", "540000.00"), ("USD", "14400.00", "6000.00")]
    _, again = set_up_demo(settings, db)
    assert "not added again" in again
    assert (_count(db, CorrectiveAction), _count(db, RemedyEntry)) == (4, 2)
