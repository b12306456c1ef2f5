"""Entity-list match decisions through the service, on SQLite and PostgreSQL: recorded, changed,
audited, reused by later uploads, re-opened by a new list edition, and kept per company."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import AuditEvent, EntityDecision, RuleHit, Supplier, User
from supplychain.domain.reference_import import import_reference_list
from supplychain.services import accounts
from supplychain.services.entity_decisions import NewDecision, decide, for_supplier, list_decisions
from supplychain.services.errors import Forbidden, NotFound, ServiceError
from tests.integration.conftest import Tenant
from tests.integration.remediation.conftest import import_suppliers

CAMEL = "Camel Group Co., Ltd."
SHIPPED_EDITION = "2025-01-15-partial"
ROWS = (
    ("EL-001", "Camel Group Co., Ltd.", "China", "Batteries", "2025-06-01", "passed"),
    ("EL-002", "Andes Coffee Cooperative", "Peru", "Coffee", "", ""),
)


def _user(db: Database, tenant: Tenant, role: str) -> User:
    with db.reading() as s:
        user = accounts.user_by_email(s, tenant.emails[role])
        s.expunge(user)
        return user


def _supplier(db: Database, supplier_id: int) -> Supplier:
    with db.reading() as s:
        supplier = s.get(Supplier, supplier_id)
        s.expunge(supplier)
        return supplier


def _decide(db: Database, settings: Settings, tenant: Tenant, new: NewDecision, role="compliance"):
    with db.transaction() as s:
        me = s.get(User, _user(db, tenant, role).id)
        return decide(s, settings, tenant.company_id, me, new)


def _uflpa_rules(db: Database, supplier_id: int) -> list[tuple[str, dict]]:
    with db.reading() as s:
        latest = s.get(Supplier, supplier_id).latest_assessment_id
        stmt = select(RuleHit.reason, RuleHit.detail).where(
            RuleHit.assessment_id == latest, RuleHit.rule.startswith("entity_list.uflpa")
        )
        return [tuple(row) for row in s.execute(stmt)]


@pytest.fixture
def camel(db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path) -> int:
    ids = import_suppliers(db, settings, tenant_a, tmp_path, ROWS)
    assert _supplier(db, ids["EL-001"]).risk_tier == "critical"
    return ids["EL-001"]


def test_dismissing_records_audits_and_rescores_at_once(db, settings, tenant_a, camel):
    out = _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Other firm"))
    assert out["decision"]["edition"] == SHIPPED_EDITION
    assert out["decision"]["decided_by"] == tenant_a.emails["compliance"]
    assert out["previous_tier"] == "critical" and out["tier"] != "critical"
    assert _supplier(db, camel).risk_tier == out["tier"]
    assert _uflpa_rules(db, camel) == []
    with db.reading() as s:
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.company_id == tenant_a.company_id)
        ).all()
    decided = [e for e in events if e.action == "entity_match.decided"]
    assert len(decided) == 1 and decided[0].actor == tenant_a.emails["compliance"]
    assert decided[0].details["status"] == "dismissed"
    assert decided[0].details["reason"] == "Other firm"
    assert events[-1].action == "supplier.rescored"


def test_re_deciding_changes_the_one_decision(db, settings, tenant_a, camel):
    _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Other firm"))
    out = _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "confirmed", "Same licence"))
    assert out["tier"] == "critical"
    with db.reading() as s:
        rows = s.scalars(select(EntityDecision)).all()
        audit = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "entity_match.decided")
        ).all()
    assert [(r.status, r.reason) for r in rows] == [("confirmed", "Same licence")]
    assert audit[-1].details["previous"] == {"status": "dismissed", "reason": "Other firm"}
    ((reason, _),) = _uflpa_rules(db, camel)
    assert f"confirmed by {tenant_a.emails['compliance']} (Same licence)" in reason


def test_dismissing_needs_a_reason_and_a_known_match(db, settings, tenant_a, camel):
    with pytest.raises(ServiceError, match="reason"):
        _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "   "))
    with pytest.raises(ServiceError, match="confirmed or dismissed"):
        _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "ignored", "x"))
    with pytest.raises(NotFound, match="No entity-list match"):
        _decide(db, settings, tenant_a, NewDecision(camel, "Hoshine Silicon", "confirmed"))
    with pytest.raises(NotFound, match="edition"):
        _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "confirmed", "", "1999-01-01"))
    with db.reading() as s:
        assert s.scalars(select(EntityDecision)).all() == []
    assert _supplier(db, camel).risk_tier == "critical"


def test_only_compliance_and_admin_decide(db, settings, tenant_a, camel):
    for role in ("executive", "auditor"):
        with pytest.raises(Forbidden):
            _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "confirmed"), role)
    out = _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "confirmed"), "admin")
    assert out["decision"]["decided_by"] == tenant_a.emails["admin"]


def test_another_company_sees_a_404_and_nothing_of_the_decision(
    db, settings, tenant_a, tenant_b, camel
):
    _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Other firm"))
    with pytest.raises(NotFound):
        _decide(db, settings, tenant_b, NewDecision(camel, CAMEL, "confirmed"), "admin")
    with db.transaction() as s, pytest.raises(NotFound):  # B's admin acting in A's name
        b_admin = s.get(User, _user(db, tenant_b, "admin").id)
        decide(s, settings, tenant_a.company_id, b_admin, NewDecision(camel, CAMEL, "confirmed"))
    with db.reading() as s:
        with pytest.raises(NotFound):
            for_supplier(s, tenant_b.company_id, camel)
        assert list_decisions(s, tenant_b.company_id) == []
        (mine,) = list_decisions(s, tenant_a.company_id)
    assert (mine["supplier_id"], mine["status"], mine["reason"]) == (
        camel,
        "dismissed",
        "Other firm",
    )


def test_a_later_upload_reuses_the_decision(db, settings, tenant_a, camel, tmp_path):
    _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Other firm"))
    again = tmp_path / "again"
    again.mkdir()
    ids = import_suppliers(db, settings, tenant_a, again, ROWS[:1])
    assert ids["EL-001"] == camel
    assert _supplier(db, camel).risk_tier != "critical"
    assert _uflpa_rules(db, camel) == []


def test_a_new_list_edition_re_opens_the_match(db, settings, tenant_a, camel, tmp_path):
    _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Other firm"))
    newer = tmp_path / "uflpa-2026.csv"
    newer.write_text(f'entity_name,aliases,date\n"{CAMEL}",,2026-03-01\n', encoding="utf-8")
    import_reference_list("uflpa_entity_list", newer, settings.reference_store_dir)
    again = tmp_path / "again"
    again.mkdir()
    import_suppliers(db, settings, tenant_a, again, ROWS[:1])
    assert _supplier(db, camel).risk_tier == "critical"
    ((reason, detail),) = _uflpa_rules(db, camel)
    assert detail["edition"] == "2026-03-01"
    assert f"earlier decision under edition {SHIPPED_EDITION} was re-opened" in reason
    with db.reading() as s:
        (listed,) = for_supplier(s, tenant_a.company_id, camel)
    assert listed["edition"] == SHIPPED_EDITION and listed["reopened_by"] == "2026-03-01"
    out = _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, "dismissed", "Still other"))
    assert out["decision"]["edition"] == "2026-03-01" and out["tier"] != "critical"
    with db.reading() as s:
        editions = sorted(d["edition"] for d in for_supplier(s, tenant_a.company_id, camel))
    assert editions == [SHIPPED_EDITION, "2026-03-01"]


def test_people_deciding_at_once_leave_one_decision(db, settings, tenant_a, camel):
    """Both requests succeed (no duplicate-key error); the last one to commit holds."""
    choices = [("dismissed", f"reason {i}") for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(
            pool.map(
                lambda c: _decide(db, settings, tenant_a, NewDecision(camel, CAMEL, *c)), choices
            )
        )
    assert len(outcomes) == 4
    with db.reading() as s:
        rows = s.scalars(select(EntityDecision)).all()
        decided = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "entity_match.decided")
        ).all()
    assert len(rows) == 1 and rows[0].reason == decided[-1].details["reason"]
    assert [e.details["previous"] is None for e in decided] == [True, False, False, False]
