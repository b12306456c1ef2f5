"""Create or upgrade the schema with Alembic (``supplychain init-db``), and check it is current."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicError
from sqlalchemy import Engine

from supplychain.config import ConfigError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class SchemaNotReady(ConfigError):
    """The database has no schema yet, or an older one than this code needs."""


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def check(database_url: str) -> None:
    """Raise if the models and the migrations disagree (``alembic check``)."""
    command.check(alembic_config(database_url))


def require_current(engine: Engine) -> None:
    """Raise SchemaNotReady unless the database is at the newest migration, so the web app and
    workers refuse to start on it instead of failing on every request."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    heads = set(script.get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == heads:
        return
    where = engine.url.render_as_string(hide_password=True)
    at, head = ", ".join(sorted(current)), ", ".join(sorted(heads))
    if not current:
        state = "has no schema yet; run `supplychain init-db` first"
    elif all(_known(script, revision) for revision in current):
        state = f"is at schema revision {at}, not {head}; run `supplychain init-db` first"
    else:
        state = (
            f"is at schema revision {at}, newer than this version of supplychain knows "
            f"({head}); run the version that upgraded it"
        )
    raise SchemaNotReady(f"The database {where} {state}.")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except AlembicError:
        return False
