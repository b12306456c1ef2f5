"""Fixtures for the remediation tests: suppliers imported through the real import path."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Supplier, User
from supplychain.services import imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.services.remediation import actions, findings
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import Tenant, make_tenant

TODAY = date(2026, 11, 27)
SUPPLIER_ROWS = (
    ("SUP-001", "Golden Thread Garments Ltd", "Bangladesh", "Garments", "2025-06-01", "passed"),
    ("SUP-002", "Mekong Seafood Processing", "Thailand", "Shrimp", "2025-03-10", "passed"),
    ("SUP-003", "Andes Coffee Cooperative", "Peru", "Coffee", "", ""),
)


@dataclass(frozen=True)
class Seeded:
    tenant: Tenant
    suppliers: dict[str, int]  # supplier ref -> supplier id


def import_suppliers(
    db: Database, settings: Settings, tenant: Tenant, tmp_path: Path, rows=SUPPLIER_ROWS
) -> dict[str, int]:
    """Write a supplier CSV and import it the way a user's upload is imported."""
    path = tmp_path / f"suppliers-{tenant.company_id}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["Supplier ID", "Supplier name", "Country", "Goods", "Audit date", "Audit result"]
        )
        out.writerows(rows)
    with db.transaction() as s:
        upload, _ = uploads.register(
            s, tenant.company_id, None, path, path.name, settings.upload_dir
        )
        upload_id = upload.id
    ctx = JobContext(db, settings)
    imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), tenant.company_id, upload_id, None
    )
    with db.reading() as s:
        found = s.execute(
            select(Supplier.supplier_ref, Supplier.id).where(
                Supplier.company_id == tenant.company_id
            )
        ).all()
    return dict(found)


def insert_suppliers(db: Database, tenant: Tenant, rows=SUPPLIER_ROWS) -> dict[str, int]:
    """Suppliers as stored rows only (fast); re-scoring falls back to their current values."""
    with db.transaction() as s:
        made = [
            Supplier(
                company_id=tenant.company_id,
                key=ref,
                supplier_ref=ref,
                name=name,
                country=COUNTRIES[country],
            )
            for ref, name, country, *_ in rows
        ]
        s.add_all(made)
        s.flush()
        return {m.supplier_ref: m.id for m in made}


COUNTRIES = {"Bangladesh": "BD", "Thailand": "TH", "Peru": "PE"}


@pytest.fixture
def seeded_a(db: Database, tenant_a: Tenant) -> Seeded:
    return Seeded(tenant_a, insert_suppliers(db, tenant_a))


@pytest.fixture
def seeded_b(db: Database, tenant_b: Tenant) -> Seeded:
    return Seeded(tenant_b, insert_suppliers(db, tenant_b))


@pytest.fixture
def imported_a(db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path) -> Seeded:
    """Suppliers imported and scored through the real upload path."""
    return Seeded(tenant_a, import_suppliers(db, settings, tenant_a, tmp_path))


def user(s, email: str) -> User:
    return s.scalar(select(User).where(User.email == email))


def add_finding(
    db: Database,
    settings: Settings,
    seeded: Seeded,
    ref: str = "SUP-001",
    severity: str = "critical",
    indicators=(7, 9),
) -> int:
    with db.transaction() as s:
        actor = user(s, seeded.tenant.emails["compliance"])
        finding = findings.create(
            s,
            settings,
            seeded.tenant.company_id,
            actor,
            findings.NewFinding(
                seeded.suppliers[ref],
                "Passports held by the dormitory manager",
                severity,
                list(indicators),
                "Seen during the audit",
                "audit",
            ),
        )
        return finding.id


def add_action(db: Database, seeded: Seeded, finding_id: int, due: date = TODAY) -> int:
    with db.transaction() as s:
        actor = user(s, seeded.tenant.emails["compliance"])
        action = actions.add(
            s,
            seeded.tenant.company_id,
            actor,
            finding_id,
            actions.NewAction("Return all passports", "hr@supplier.example", due),
        )
        return action.id


__all__ = [
    "TODAY",
    "Seeded",
    "add_action",
    "add_finding",
    "import_suppliers",
    "make_tenant",
    "user",
]
