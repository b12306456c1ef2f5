"""Seed a company through the real services: generated workbooks, uploads and the import job.

Remediation rows (findings, ILO indicators, corrective actions, remedy) have no service yet; they
are inserted with SQLAlchemy Core exactly as the remediation tables define them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import insert, select, update

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import (
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
    Supplier,
    Upload,
    User,
)
from supplychain.services import imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner


@dataclass(frozen=True)
class Seeded:
    upload_id: int
    rows: int


def import_frame(
    db: Database,
    settings: Settings,
    company_id: int,
    frame: pd.DataFrame,
    path: Path,
    *,
    uploaded_at: datetime | None = None,
) -> Seeded:
    """Write ``frame`` as a workbook, register it as an upload and import it synchronously."""
    write_xlsx(frame, path)
    with db.transaction() as s:
        user = s.scalar(
            select(User).where(User.company_id == company_id, User.role == "compliance")
        )
        upload, _ = uploads.register(s, company_id, user, path, path.name, settings.upload_dir)
        upload_id, user_id = upload.id, user.id if user else None
    ctx = JobContext(db, settings)
    imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), company_id, upload_id, user_id
    )
    with db.transaction() as s:
        upload = s.get(Upload, upload_id)
        assert upload.status == "done", upload.error
        if uploaded_at is not None:
            s.execute(update(Upload).where(Upload.id == upload_id).values(created_at=uploaded_at))
        return Seeded(upload_id, upload.rows_imported)


def import_generated(
    db: Database,
    settings: Settings,
    company_id: int,
    tmp: Path,
    n: int,
    seed: int,
    *,
    uploaded_at: datetime | None = None,
    rename: str | None = None,
) -> Seeded:
    """``n`` generated suppliers (no deliberately broken rows); ``rename`` prefixes every name
    so each company's suppliers are recognisable in responses."""
    frame = generate_suppliers(n, seed, bad_rows=False)
    if rename:
        frame["Supplier Name"] = rename + " " + frame["Supplier Name"].astype(str)
    return import_frame(
        db,
        settings,
        company_id,
        frame,
        tmp / f"suppliers-{company_id}-{seed}.xlsx",
        uploaded_at=uploaded_at,
    )


def add_remediation(db: Database, company_id: int) -> dict[str, int]:
    """One finding (two ILO indicators) on the riskiest supplier, an overdue and a closed
    action, and a remedy entry. Returns the ids created."""
    with db.transaction() as s:
        supplier_id = s.scalar(
            select(Supplier.id)
            .where(Supplier.company_id == company_id)
            .order_by(Supplier.score.desc(), Supplier.id)
            .limit(1)
        )
        finding_id = s.execute(
            insert(Finding).returning(Finding.id),
            [
                {
                    "company_id": company_id,
                    "supplier_id": supplier_id,
                    "title": "Passports held",
                    "severity": "critical",
                    "source_type": "audit",
                    "found_on": date(2026, 1, 10),
                }
            ],
        ).scalar_one()
        s.execute(
            insert(FindingIndicator),
            [
                {"finding_id": finding_id, "indicator_id": 7},
                {"finding_id": finding_id, "indicator_id": 9},
            ],
        )
        opened = datetime(2026, 1, 12, tzinfo=UTC)
        s.execute(
            insert(CorrectiveAction),
            [
                {
                    "company_id": company_id,
                    "finding_id": finding_id,
                    "title": "Return passports",
                    "owner": "=cmd|' /C calc'!A0",
                    "due_date": date(2026, 2, 1),
                    "status": "open",
                    "created_at": opened,
                },
                {
                    "company_id": company_id,
                    "finding_id": finding_id,
                    "title": "Train managers",
                    "owner": "sourcing@example.com",
                    "due_date": date(2026, 3, 1),
                    "status": "verified_closed",
                    "created_at": opened,
                },
            ],
        )
        s.execute(
            insert(RemedyEntry),
            [
                {
                    "company_id": company_id,
                    "finding_id": finding_id,
                    "supplier_id": supplier_id,
                    "kind": "recruitment_fees",
                    "workers_affected": 42,
                    "amount_owed": 21000,
                    "amount_repaid": 7000,
                    "currency": "USD",
                }
            ],
        )
    return {"supplier_id": supplier_id, "finding_id": finding_id}
