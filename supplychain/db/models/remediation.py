"""Remediation: findings, their ILO indicators, corrective actions, attachments, worker remedy."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from supplychain.db.base import Base, utcnow

SEVERITIES = ("critical", "major", "minor")
FINDING_SOURCES = ("audit", "grievance", "media", "risk_rule", "manual")
ACTION_STATUSES = (
    "open",
    "in_progress",
    "pending_verification",
    "verified_closed",
    "escalated",
    "cancelled",
)


class SupplierAudit(Base):
    """A social audit of a supplier, loaded from an audit-results spreadsheet or by hand."""

    __tablename__ = "supplier_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    row_number: Mapped[int | None]
    audit_date: Mapped[date | None]
    standard: Mapped[str | None] = mapped_column(String(30))
    result: Mapped[str | None] = mapped_column(String(20))
    auditor: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Finding(Base):
    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_company_status", "company_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    audit_id: Mapped[int | None] = mapped_column(ForeignKey("supplier_audits.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(10))
    source_type: Mapped[str] = mapped_column(String(20))
    source_ref: Mapped[str] = mapped_column(Text, default="")
    found_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, closed
    verified_closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FindingIndicator(Base):
    """Which of the 11 ILO forced-labour indicators a finding shows."""

    __tablename__ = "finding_indicators"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(primary_key=True)


class CorrectiveAction(Base):
    __tablename__ = "corrective_actions"
    __table_args__ = (
        Index("ix_corrective_actions_company_status", "company_id", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(254))
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(25), default="open", index=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class ActionEvent(Base):
    """A status change or a comment on a corrective action (its history)."""

    __tablename__ = "action_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("corrective_actions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # status, comment
    from_status: Mapped[str | None] = mapped_column(String(25))
    to_status: Mapped[str | None] = mapped_column(String(25))
    comment: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(Base):
    """An evidence file, stored under a generated name; type checked by content."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("corrective_actions.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    stored_path: Mapped[str] = mapped_column(String(500))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class RemedyEntry(Base):
    """Worker remedy for a finding: fees and wages owed and repaid, with evidence."""

    __tablename__ = "remedy_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # recruitment_fees, wages
    workers_affected: Mapped[int] = mapped_column(default=0)
    amount_owed: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    amount_repaid: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date | None]
    evidence_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
