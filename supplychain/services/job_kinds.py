"""Importing this module registers every job handler with supplychain.services.jobs."""

from supplychain.services import imports

__all__ = ["imports"]
