"""The audit trail pages: who may read them, paging, company walls and the chain check."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from supplychain.db.engine import Database
from supplychain.services import audit
from tests.integration.conftest import Tenant
from tests.integration.web.conftest import signed_in


def test_admins_and_auditors_read_and_verify_their_companys_trail(
    app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    with db.transaction() as s:
        for n in range(60):
            audit.record(s, tenant_a.company_id, "tests", "test.event", "thing", n, {"n": n})
        audit.record(s, tenant_b.company_id, "tests", "beta.secret", "thing", 1)
    for role in ("admin", "auditor"):
        client = signed_in(app, tenant_a, role)
        first = client.get("/audit/").get_data(as_text=True)
        assert "test.event" in first and "beta.secret" not in first
        assert "1–50 of" in first and 'rel="next"' in first
        second = client.get("/audit/?page=2").get_data(as_text=True)
        assert "company.created" in second and 'rel="prev"' in second
        assert "Chain intact" in client.get("/audit/verify").get_data(as_text=True)
    for role in ("compliance", "executive"):
        client = signed_in(app, tenant_a, role)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/verify").status_code == 403


def test_verify_names_the_first_altered_event(app: Flask, db: Database, tenant_a: Tenant) -> None:
    """An event edited behind the app's back (the append-only trigger switched off, as a
    database owner could) is named by the verify button."""
    pg_trigger = "ALTER TABLE audit_events {} TRIGGER audit_events_append_only"
    try:
        with db.transaction() as s:
            if db.is_sqlite:
                s.execute(text("DROP TRIGGER audit_events_no_update"))
            else:
                s.execute(text(pg_trigger.format("DISABLE")))
            s.execute(
                text("UPDATE audit_events SET details = :d WHERE seq = 3 AND company_id = :c"),
                {
                    "d": '{"email": "x@acme-apparel.example", "role": "admin"}',
                    "c": tenant_a.company_id,
                },
            )
        page = signed_in(app, tenant_a, "auditor").get("/audit/verify").get_data(as_text=True)
    finally:
        if not db.is_sqlite:  # the PostgreSQL database is shared by later tests
            with db.transaction() as s:
                s.execute(text(pg_trigger.format("ENABLE")))
    assert "Chain broken" in page and "audit entry 3 was altered" in page
