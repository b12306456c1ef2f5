"""Findings feed the score: an open finding adds the findings rule, verified closure removes it."""

from __future__ import annotations

from sqlalchemy import select

from supplychain.db.models import Assessment, AuditEvent, RuleHit, Supplier
from supplychain.services.remediation import actions
from tests.integration.remediation.conftest import add_action, add_finding


def _latest(db, supplier_id: int) -> tuple[Supplier, Assessment, list[str]]:
    with db.reading() as s:
        supplier = s.get(Supplier, supplier_id)
        assessment = s.get(Assessment, supplier.latest_assessment_id)
        rules = list(s.scalars(select(RuleHit.rule).where(RuleHit.assessment_id == assessment.id)))
        return supplier, assessment, rules


def test_finding_and_its_verified_closure_change_the_score(db, settings, imported_a) -> None:
    sid = imported_a.suppliers["SUP-001"]
    before, first, rules = _latest(db, sid)
    assert first.upload_id is not None and not any(r.startswith("findings.") for r in rules)
    finding = add_finding(db, settings, imported_a, "SUP-001", severity="critical")
    raised, assessment, rules = _latest(db, sid)
    assert "findings.critical" in rules
    assert raised.score == before.score + 15  # the default rule set's points for a critical one
    assert assessment.record_id == first.record_id and assessment.ruleset_id == first.ruleset_id
    action = add_action(db, imported_a, finding)
    with db.transaction() as s:
        for target in ("in_progress", "pending_verification", "verified_closed"):
            actions.change_status(s, settings, imported_a.tenant.company_id, None, action, target)
    closed, last, rules = _latest(db, sid)
    assert not any(r.startswith("findings.") for r in rules)
    assert closed.score == before.score and last.id > assessment.id
    with db.reading() as s:
        causes = [
            e.details["cause"]
            for e in s.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "supplier.rescored")
                .order_by(AuditEvent.seq)
            )
        ]
    assert causes[0] == f"finding {finding} created"
    assert causes[1].startswith(f"finding {finding} closed")
