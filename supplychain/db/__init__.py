"""Database layer: models, engine and queries that take a Session."""

from supplychain.db.engine import Database

__all__ = ["Database"]
