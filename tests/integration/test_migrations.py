"""The migrations build the whole schema on an empty database, and match the models."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from supplychain.db.engine import make_engine
from supplychain.db.migrate import alembic_config, check, upgrade
from supplychain.db.models import Base
from tests.conftest import BACKENDS, PG_ADMIN_URL


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that has never seen a migration: a new SQLite file or a new PostgreSQL db."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'new.db'}"  # not even its folder exists yet
        return
    name = f"sc_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_an_empty_database_then_alembic_check(empty_db_url: str) -> None:
    assert _tables(empty_db_url) == set()
    upgrade(empty_db_url)
    check(empty_db_url)  # raises when the models and the migrations disagree
    assert _tables(empty_db_url) == set(Base.metadata.tables) | {"alembic_version"}
    upgrade(empty_db_url)  # at head already: a second upgrade is a no-op
    check(empty_db_url)


def test_single_head() -> None:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1
