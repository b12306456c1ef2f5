"""Uploaded files and the column mappings users confirmed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplychain.db.base import Base, utcnow

UPLOAD_STATUSES = ("previewed", "queued", "processing", "done", "failed", "rejected")


class Upload(Base):
    __tablename__ = "uploads"
    __table_args__ = (UniqueConstraint("company_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(500))
    size_bytes: Mapped[int] = mapped_column(default=0)
    format: Mapped[str | None] = mapped_column(String(10))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    strict: Mapped[bool] = mapped_column(default=False)
    sheet: Mapped[str | None] = mapped_column(String(255))
    header_row: Mapped[int | None]
    mapping: Mapped[dict[str, Any] | None]
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_valid: Mapped[int] = mapped_column(default=0)
    rows_invalid: Mapped[int] = mapped_column(default=0)
    rows_imported: Mapped[int] = mapped_column(default=0)
    warnings_count: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None]


class ColumnMappingPreset(Base):
    """A mapping a user confirmed, reused for the next file with the same headers."""

    __tablename__ = "column_mapping_presets"
    __table_args__ = (UniqueConstraint("company_id", "header_fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    header_fingerprint: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]]
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
