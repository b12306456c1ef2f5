"""The audit trail is a per-company hash chain: append-only, linear under concurrency."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from supplychain.db.engine import Database
from supplychain.services import audit
from tests.integration.conftest import Tenant


def test_events_chain_and_verify(db: Database, tenant_a: Tenant) -> None:
    with db.reading() as s:
        assert audit.verify(s, tenant_a.company_id) is None
        entries = audit.events(s, tenant_a.company_id)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_database_refuses_edits_and_deletes(db: Database, tenant_a: Tenant) -> None:
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as s:
            s.execute(text(statement))


def test_sixteen_concurrent_writers_make_one_linear_chain(db: Database, tenant_a: Tenant) -> None:
    def write(i: int) -> None:
        with db.transaction() as s:
            audit.record(s, tenant_a.company_id, "writer", "test.write", "test", i)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(write, range(48)))
    with db.reading() as s:
        assert audit.verify(s, tenant_a.company_id) is None
        seqs = [e.seq for e in audit.events(s, tenant_a.company_id)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= 48


def test_verify_names_the_first_altered_entry(db: Database, tenant_a: Tenant) -> None:
    with db.transaction() as s:
        if db.is_sqlite:
            s.execute(text("DROP TRIGGER audit_events_no_update"))
        else:
            s.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        s.execute(
            text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2 AND company_id = :c"),
            {"c": tenant_a.company_id},
        )
    with db.reading() as s:
        problem = audit.verify(s, tenant_a.company_id)
    if not db.is_sqlite:  # the session's PostgreSQL database is shared by later tests
        with db.transaction() as s:
            s.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))
    assert problem == "audit entry 2 was altered (its hash does not match its content)"
