"""Suppliers keep their identity across uploads; each upload adds a record of what it said."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplychain.db.base import Base, utcnow


class Supplier(Base):
    """One supplier of one company. Current values are copied here for fast listing and SQL
    aggregation; the history lives in SupplierRecord and Assessment."""

    __tablename__ = "suppliers"
    __table_args__ = (
        UniqueConstraint("company_id", "key"),
        # Tier filters, and (with latest_record_id, migration 0003) the dashboards' goods by
        # tier read in near-id order without a table read per supplier.
        Index("ix_suppliers_company_tier", "company_id", "risk_tier", "latest_record_id"),
        # Dashboards (migration 0003): the explorer's default and name orders, and one index
        # covering the company's grouped aggregates (cube, filter options) and country filters.
        Index("ix_suppliers_company_score", "company_id", "score"),
        Index("ix_suppliers_company_name", "company_id", "name"),
        Index(
            "ix_suppliers_company_profile",
            "company_id",
            "country",
            "sector",
            "risk_tier",
            "currency",
            "chain_tier",
            "annual_spend",
            "audit_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    key: Mapped[str] = mapped_column(String(600))
    supplier_ref: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str] = mapped_column(String(2))
    sector: Mapped[str | None] = mapped_column(String(50))
    chain_tier: Mapped[int | None]
    annual_spend: Mapped[float | None]
    currency: Mapped[str | None] = mapped_column(String(10))
    audit_date: Mapped[date | None]
    audit_result: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[float | None]
    risk_tier: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[float | None]
    latest_record_id: Mapped[int | None]
    latest_assessment_id: Mapped[int | None]
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupplierRecord(Base):
    """The values one upload gave one supplier, with the source row number."""

    __tablename__ = "supplier_records"
    __table_args__ = (UniqueConstraint("upload_id", "row_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), index=True)
    row_number: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str] = mapped_column(String(2))
    supplier_ref: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(50))
    goods: Mapped[str | None] = mapped_column(Text)
    chain_tier: Mapped[int | None]
    parent_company: Mapped[str | None] = mapped_column(String(500))
    workers: Mapped[int | None]
    migrant_workers_pct: Mapped[float | None]
    annual_spend: Mapped[float | None]
    currency: Mapped[str | None] = mapped_column(String(10))
    audit_date: Mapped[date | None]
    audit_result: Mapped[str | None] = mapped_column(String(20))
    audit_standard: Mapped[str | None] = mapped_column(String(20))
    certifications: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None]
