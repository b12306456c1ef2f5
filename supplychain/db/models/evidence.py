"""Evidence packs built for auditors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from supplychain.db.base import Base, utcnow


class EvidencePack(Base):
    __tablename__ = "evidence_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    date_from: Mapped[date | None]
    date_to: Mapped[date | None]
    supplier_ids: Mapped[dict[str, Any] | None]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    stored_path: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None]
    chain_head: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
