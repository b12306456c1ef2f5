"""Importing this module registers every job handler with supplychain.services.jobs."""

from supplychain.services import evidence, imports, previews, sweeper

__all__ = ["evidence", "imports", "previews", "sweeper"]
