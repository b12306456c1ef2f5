"""The migrations build the whole schema on an empty database, and match the models."""

from __future__ import annotations

from sqlalchemy import inspect

from supplychain.db.migrate import alembic_config, check, upgrade
from supplychain.db.models import Base


def test_upgrade_empty_database_and_alembic_check(db_url: str) -> None:
    upgrade(db_url)  # the fixture's database is already at head: upgrading again is a no-op
    check(db_url)  # raises when the models and the migrations disagree
    from supplychain.db.engine import make_engine

    engine = make_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_single_head() -> None:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1


def test_fresh_sqlite_file_upgrades(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'new.db'}"
    upgrade(url)
    check(url)
