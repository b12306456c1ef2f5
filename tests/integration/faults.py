"""Real database faults for tests: a trigger that makes a write fail inside the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from supplychain.db.engine import Database


@contextmanager
def failing_hit_inserts(db: Database) -> Iterator[None]:
    """A real database error on the last bulk write of the store (rule hits)."""
    if db.is_sqlite:
        create = [
            "CREATE TRIGGER store_fault BEFORE INSERT ON rule_hits "
            "BEGIN SELECT RAISE(ABORT, 'store fault'); END"
        ]
        drop = ["DROP TRIGGER store_fault"]
    else:
        create = [
            "CREATE FUNCTION store_fault() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'store fault'; END $$",
            "CREATE TRIGGER store_fault BEFORE INSERT ON rule_hits "
            "FOR EACH ROW EXECUTE FUNCTION store_fault()",
        ]
        drop = ["DROP TRIGGER store_fault ON rule_hits", "DROP FUNCTION store_fault()"]
    with db.engine.begin() as conn:
        for statement in create:
            conn.execute(text(statement))
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            for statement in drop:
                conn.execute(text(statement))
