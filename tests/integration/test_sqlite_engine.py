"""SQLite turned on properly: WAL, foreign keys and a busy timeout on every connection, and write
transactions that begin immediately, so writers in several processes queue instead of failing
with "database is locked"."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from supplychain.db.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from supplychain.db.migrate import upgrade
from supplychain.db.models import User

PROCESSES = 4
INCREMENTS = 25


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'engine.db'}"
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(sqlite_db: Database) -> None:
    for session in (sqlite_db.session(), sqlite_db.session(write=True)):
        with session, session.begin():
            pragma = {
                name: session.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
        }


def test_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.transaction() as s:
        s.add(User(company_id=999, email="x@y.example", password_hash="h", role="admin"))


def _read_then_write(url: str) -> list[str]:
    """Read a counter, pause, write it back plus one: the pattern that fails with "database is
    locked" when a deferred read transaction has to be upgraded to a write."""
    database, failures = Database(url), []
    for _ in range(INCREMENTS):
        try:
            with database.transaction() as s:
                n = s.execute(text("SELECT n FROM counter")).scalar_one()
                time.sleep(0.002)
                s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except Exception as exc:  # collected, so the test shows every failure
            failures.append(f"{type(exc).__name__}: {exc}")
    database.dispose()
    return failures


def test_writers_in_several_processes_never_see_database_is_locked(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as s:
        s.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        s.execute(text("INSERT INTO counter VALUES (0)"))
    with ProcessPoolExecutor(PROCESSES) as pool:
        failures = [
            f for done in pool.map(_read_then_write, [sqlite_db.url] * PROCESSES) for f in done
        ]
    assert failures == []
    with sqlite_db.reading() as s:
        assert s.execute(text("SELECT n FROM counter")).scalar_one() == PROCESSES * INCREMENTS
