"""Assessments (a score under a rule set), their rule hits, and entity-match decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplychain.db.base import Base, utcnow


class RulesetSnapshot(Base):
    """The files a rule set read (relative path -> sha256), stored once per distinct set.

    ``sha256`` is the digest of that map as canonical JSON
    (``supplychain.services.ruleset_snapshots.files_digest``); assessments point here."""

    __tablename__ = "ruleset_snapshots"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_hashes: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RuleFileContent(Base):
    """A rule or reference file as it was when it scored, stored once per content (by sha256).

    Evidence packs ship these exact bytes, so a pack holds the files behind its scores even
    after the files on the server were updated."""

    __tablename__ = "rule_file_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assessment(Base):
    __tablename__ = "assessments"
    # Tier and supplier in the upload index (migration 0005): the dashboards' tier mix per
    # upload is counted from the index alone, in its order.
    __table_args__ = (Index("ix_assessments_upload_id", "upload_id", "tier", "supplier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("supplier_records.id"))
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    score: Mapped[float]
    tier: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float]
    ruleset_id: Mapped[str] = mapped_column(String(50))
    ruleset_version: Mapped[str] = mapped_column(String(50))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    snapshot_sha256: Mapped[str] = mapped_column(ForeignKey("ruleset_snapshots.sha256"))
    as_of: Mapped[datetime]
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # selectin: the few distinct snapshots load in one query with the assessments, and stay
    # readable after the session closes.
    snapshot: Mapped[RulesetSnapshot] = relationship(lazy="selectin")

    @property
    def file_hashes(self) -> dict[str, Any]:
        """The sha256 of every file the rule set read (relative path -> digest)."""
        return self.snapshot.file_hashes


class RuleHit(Base):
    __tablename__ = "rule_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    rule: Mapped[str] = mapped_column(String(80))
    points: Mapped[float]
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None]


class EntityDecision(Base):
    """A person's decision on an entity-list match: confirmed, or dismissed as a false positive."""

    __tablename__ = "entity_decisions"
    __table_args__ = (UniqueConstraint("company_id", "supplier_key", "entity", "edition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supplier_key: Mapped[str] = mapped_column(String(600))
    entity: Mapped[str] = mapped_column(String(500))
    edition: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
