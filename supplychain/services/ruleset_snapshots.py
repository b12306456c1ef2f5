"""Rule-set snapshots: the file hashes a rule set read, stored once per distinct set.

An assessment names its snapshot by digest, so a score stays reproducible from the rule-set
version and the exact data files (every file's sha256) without each assessment copying them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import RulesetSnapshot


def files_digest(files: Mapping[str, str]) -> str:
    """The sha256 of the file -> sha256 map as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(dict(files), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(executor: Session | Connection, files: Mapping[str, str]) -> str:
    """Store the snapshot of these files unless it exists; its digest. Safe under concurrent
    imports (the insert ignores a row another transaction wrote first)."""
    digest = files_digest(files)
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    executor.execute(
        dialect.insert(RulesetSnapshot.__table__)
        .values(sha256=digest, file_hashes=dict(files), created_at=utcnow())
        .on_conflict_do_nothing()
    )
    return digest
