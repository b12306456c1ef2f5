"""Rule-set snapshots: the file hashes a rule set read, stored once per distinct set.

An assessment names its snapshot by digest, so a score stays reproducible from the rule-set
version and the exact data files (every file's sha256) without each assessment copying them.
The bytes of each file are kept too, once per sha256 (``rule_file_contents``), so an evidence
pack can ship the very files that scored even after the server's copies were updated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import RuleFileContent, RulesetSnapshot


def files_digest(files: Mapping[str, str]) -> str:
    """The sha256 of the file -> sha256 map as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(dict(files), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    executor: Session | Connection,
    files: Mapping[str, str],
    sources: Mapping[str, Path] | None = None,
) -> str:
    """Store the snapshot of these files unless it exists, and the bytes of each file in
    ``sources`` not kept yet; the snapshot's digest. Safe under concurrent imports (the inserts
    ignore a row another transaction wrote first)."""
    digest = files_digest(files)
    executor.execute(
        _insert(executor, RulesetSnapshot)
        .values(sha256=digest, file_hashes=dict(files), created_at=utcnow())
        .on_conflict_do_nothing()
    )
    if sources:
        _keep_contents(executor, files, sources)
    return digest


def contents(executor: Session | Connection, digests: list[str]) -> dict[str, bytes]:
    """The kept bytes of the files with these sha256 digests (those that were kept)."""
    if not digests:
        return {}
    table = RuleFileContent.__table__
    rows = executor.execute(
        select(table.c.sha256, table.c.content).where(table.c.sha256.in_(sorted(set(digests))))
    )
    return {sha: bytes(content) for sha, content in rows}


def _keep_contents(
    executor: Session | Connection, files: Mapping[str, str], sources: Mapping[str, Path]
) -> None:
    """Keep each file whose digest is not stored yet, if its bytes on disk still have it
    (a file edited since the rule set loaded is left out: the pack then says it changed)."""
    kept = _kept_digests(executor, list(files.values()))
    rows = []
    for relpath, digest in sorted(files.items()):
        source = sources.get(relpath)
        if digest in kept or source is None or not source.is_file():
            continue
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() == digest:
            rows.append({"sha256": digest, "content": data, "created_at": utcnow()})
            kept.add(digest)
    if rows:
        executor.execute(_insert(executor, RuleFileContent).on_conflict_do_nothing(), rows)


def _kept_digests(executor: Session | Connection, digests: list[str]) -> set[str]:
    """Which of these digests have their bytes kept."""
    column = RuleFileContent.__table__.c.sha256
    return set(executor.scalars(select(column).where(column.in_(sorted(set(digests))))))


def _insert(executor: Session | Connection, model: type) -> postgresql.Insert | sqlite.Insert:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__)
