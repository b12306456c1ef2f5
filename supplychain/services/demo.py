"""`supplychain demo`: a company, one user per role and the sample workbook, imported."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from supplychain.config import PROJECT_ROOT, ConfigError, Settings
from supplychain.db.base import utcnow
from supplychain.db.engine import Database
from supplychain.db.migrate import upgrade
from supplychain.db.models import Company, User
from supplychain.services import accounts, imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.services.remediation.audit_import import import_audits
from supplychain.services.remediation.demo_plan import add_demo_plan
from supplychain.tasks.inprocess import InProcessRunner

DEMO_COMPANY = "Demo Company"
DEMO_WORKBOOK = PROJECT_ROOT / "sample_data" / "demo_suppliers.xlsx"
DEMO_AUDITS = PROJECT_ROOT / "sample_data" / "audits_example.xlsx"
DEMO_USERS = (  # (e-mail, role, password): for a local demo only, printed on every run
    ("admin@demo.example", "admin", "demo-admin-password"),
    ("compliance@demo.example", "compliance", "demo-compliance-password"),
    ("executive@demo.example", "executive", "demo-executive-password"),
    ("auditor@demo.example", "auditor", "demo-auditor-password"),
)


def set_up_demo(
    settings: Settings,
    db: Database,
    workbook: Path = DEMO_WORKBOOK,
    audits: Path | None = DEMO_AUDITS,
) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """Create or upgrade the schema, then the demo data. Idempotent: a second run reuses the
    company, users and upload. Refused in production, before anything is written."""
    if settings.production:
        raise ConfigError(
            "The demo adds users whose passwords are printed and published; "
            "it will not run with SUPPLYCHAIN_ENV=production."
        )
    upgrade(settings.database_url)
    with db.transaction() as s:
        company = s.scalar(
            select(Company).where(Company.name == DEMO_COMPANY)
        ) or accounts.add_company(s, DEMO_COMPANY, actor="demo")
        for email, role, password in DEMO_USERS:
            if s.scalar(select(User).where(User.email == email)) is None:
                accounts.add_user(s, company, email, role, password, actor="demo")
        compliance = s.scalar(select(User).where(User.email == DEMO_USERS[1][0]))
        upload, _ = uploads.register(
            s, company.id, compliance, workbook, workbook.name, settings.upload_dir
        )
        company_id, upload_id, user_id = company.id, upload.id, compliance.id
    ctx = JobContext(db, settings)
    job = imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), company_id, upload_id, user_id
    )
    with db.reading() as s:
        upload = uploads.get(s, company_id, upload_id)
        line = (
            f"Imported {upload.file_name}: {upload.rows_imported} of {upload.rows_total} "
            f"rows, {upload.rows_invalid} rejected (job {job.id}, status {upload.status})."
        )
    if audits is not None:
        line += "\n" + _import_audits(settings, db, company_id, user_id, audits)
    return DEMO_USERS, line


def _import_audits(
    settings: Settings, db: Database, company_id: int, user_id: int, path: Path
) -> str:
    """The sample audit results, with their findings, so remediation has something to show."""
    done = import_audits(db, settings, company_id, path, path.name, user_id)
    summary = done["report"].get("summary", {})
    plan = ""
    if done["status"] == "done":
        with db.transaction() as s:
            plan = add_demo_plan(s, settings, company_id, s.get(User, user_id), utcnow().date())
    return (
        f"Imported {path.name}: {summary.get('audits', 0)} audits with "
        f"{summary.get('findings', 0)} findings (status {done['status']}). {plan}"
    )
