"""The migrations build the whole schema on an empty database, and match the models."""

from __future__ import annotations

from sqlalchemy import inspect

from supplychain.db.engine import make_engine
from supplychain.db.migrate import alembic_config, check, upgrade
from supplychain.db.models import Base


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
