"""Migration 0004 on a database holding assessments: their file hashes move into one snapshot
per distinct set and come back unchanged on downgrade (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from supplychain.db.engine import Database
from supplychain.db.migrate import alembic_config, check
from supplychain.db.models import Assessment, Supplier
from supplychain.services import accounts
from supplychain.services.ruleset_snapshots import files_digest
from tests.conftest import PG_ADMIN_URL

OLD = {"rulesets/default.yaml": "a" * 64, "reference/countries.csv": "b" * 64}
NEW = {"rulesets/default.yaml": "a" * 64, "reference/countries.csv": "c" * 64}
WHEN = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    name = f"sc_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


OLD_ASSESSMENTS = sa.table(
    "assessments",
    *(
        sa.column(name)
        for name in (
            "id",
            "company_id",
            "supplier_id",
            "score",
            "tier",
            "confidence",
            "ruleset_id",
            "ruleset_version",
            "ruleset_sha256",
        )
    ),
    sa.column("file_hashes", sa.JSON),
    sa.column("as_of", sa.DateTime),
    sa.column("assessed_at", sa.DateTime),
)


def _seed_at_0003(db: Database) -> None:
    with db.transaction() as s:
        company = accounts.add_company(s, "Migrating Co")
        supplier = Supplier(company_id=company.id, key="k", name="Alpha", country="BD")
        s.add(supplier)
        s.flush()
        s.execute(
            OLD_ASSESSMENTS.insert(),
            [
                {
                    "id": i,
                    "company_id": company.id,
                    "supplier_id": supplier.id,
                    "score": 10.0 * i,
                    "tier": "low",
                    "confidence": 1.0,
                    "ruleset_id": "default",
                    "ruleset_version": "1",
                    "ruleset_sha256": "a" * 64,
                    "file_hashes": files,
                    "as_of": WHEN,
                    "assessed_at": WHEN,
                }
                for i, files in enumerate([OLD, OLD, NEW], start=1)
            ],
        )


def test_0004_moves_file_hashes_into_snapshots_and_back(blank_url: str) -> None:
    config = alembic_config(blank_url)
    command.upgrade(config, "0003")
    db = Database(blank_url)
    try:
        _seed_at_0003(db)
        command.upgrade(config, "head")  # 0004 and what follows it: check needs the head
        check(blank_url)
        with db.reading() as s:
            snapshots = s.execute(sa.text("SELECT sha256 FROM ruleset_snapshots")).scalars()
            assert sorted(snapshots) == sorted([files_digest(OLD), files_digest(NEW)])
            stored = s.scalars(sa.select(Assessment).order_by(Assessment.id)).all()
            assert [a.file_hashes for a in stored] == [OLD, OLD, NEW]
            assert stored[0].snapshot_sha256 == stored[1].snapshot_sha256 == files_digest(OLD)
        command.downgrade(config, "0003")
        with db.reading() as s:
            back = s.execute(sa.text("SELECT file_hashes FROM assessments ORDER BY id")).scalars()
            assert [json.loads(v) if isinstance(v, str) else v for v in back] == [OLD, OLD, NEW]
    finally:
        db.dispose()
