"""Audit-results import: row errors located in the sheet, all-or-nothing, strict, CLI statuses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from sqlalchemy import func, select

from supplychain.cli import main
from supplychain.db.models import Assessment, Finding, FindingIndicator, SupplierAudit, Upload
from supplychain.services.remediation.audit_import import import_audits
from tests.integration.conftest import csrf_from
from tests.integration.remediation.conftest import TODAY
from tests.integration.web.conftest import signed_in

HEADER = [
    "Supplier ID",
    "Supplier name",
    "Country",
    "Audit date",
    "Standard",
    "Result",
    "Auditor",
    "Reference",
    "Finding",
    "Severity",
    "ILO indicators",
    "Description",
]
GOOD = [
    [
        "SUP-001",
        "",
        "",
        date(2026, 5, 4),
        "SMETA 4 pillar",
        "failed",
        "Firm A",
        "R-1",
        "Passports held",
        "critical",
        "7",
        "All passports in the HR office",
    ],
    [
        "SUP-001",
        "",
        "",
        date(2026, 5, 4),
        "SMETA 4 pillar",
        "failed",
        "Firm A",
        "R-1",
        "Recruitment fees",
        "major",
        "Debt bondage; Deception",
        "",
    ],
    [
        "",
        "Mekong Seafood Processing",
        "Thailand",
        date(2026, 2, 1),
        "amfori BSCI",
        "passed",
        "Firm B",
        "R-2",
        "",
        "",
        "",
        "",
    ],
]
BAD = [
    ["SUP-404", "", "", date(2026, 5, 4), "SA8000", "passed", "Firm C", "R-3", "", "", "", ""],
    [
        "SUP-002",
        "",
        "",
        date(2026, 5, 4),
        "SA8000",
        "failed",
        "Firm C",
        "R-4",
        "Night locks",
        "urgent",
        "3;12",
        "",
    ],
    ["SUP-002", "", "", date(2027, 1, 1), "SA8000", "passed", "Firm C", "R-5", "", "", "", ""],
]


def workbook(path: Path, rows: list[list]) -> Path:
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Audits")
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, ["Acme audit results, Q2"])
        sheet.write_row(2, 0, HEADER)
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif value != "":
                    sheet.write(r, c, value)
    return path


def _count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_valid_rows_imported_and_bad_ones_located(db, settings, seeded_a, tmp_path) -> None:
    path = workbook(tmp_path / "audits.xlsx", GOOD + BAD)
    out = import_audits(db, settings, seeded_a.tenant.company_id, path, path.name, today=TODAY)
    assert out["status"] == "done", out
    summary = out["report"]["summary"]
    assert (summary["rows"], summary["valid"], summary["invalid"]) == (6, 3, 3)
    assert (summary["audits"], summary["findings"], summary["suppliers"]) == (2, 2, 2)
    errors = {
        (e["sheet"], e["row"], e["column"], e["header"]): e["message"]
        for e in out["report"]["errors"]
    }
    assert "unknown supplier ID 'SUP-404'" in errors[("Audits", 7, "A", "Supplier ID")]
    values = {(e["row"], e["column"]): e["value"] for e in out["report"]["errors"]}
    assert values[(7, "A")] == "SUP-404"  # the cell named in a cross-column error is shown
    assert "unknown severity" in errors[("Audits", 8, "J", "Severity")]
    assert "'12' is not one of" in errors[("Audits", 8, "K", "ILO indicators")]
    assert "in the future" in errors[("Audits", 9, "D", "Audit date")]
    with db.reading() as s:
        audits = list(s.scalars(select(SupplierAudit).order_by(SupplierAudit.id)))
        findings = list(s.scalars(select(Finding).order_by(Finding.id)))
        indicators = s.execute(
            select(FindingIndicator.finding_id, FindingIndicator.indicator_id).order_by(
                FindingIndicator.finding_id, FindingIndicator.indicator_id
            )
        ).all()
    assert [(a.standard, a.result, a.reference, a.row_number) for a in audits] == [
        ("SMETA", "failed", "R-1", 4),
        ("amfori BSCI", "passed", "R-2", 6),
    ]
    assert [(f.severity, f.source_type, f.audit_id, f.found_on) for f in findings] == [
        ("critical", "audit", audits[0].id, date(2026, 5, 4)),
        ("major", "audit", audits[0].id, date(2026, 5, 4)),
    ]
    assert findings[0].source_ref == "audits.xlsx, row 4; audit R-1"
    assert [i for _, i in indicators] == [7, 2, 9]
    again = import_audits(db, settings, seeded_a.tenant.company_id, path, path.name, today=TODAY)
    assert again["already_imported"] and _count(db, Finding) == 2


def test_strict_imports_nothing_when_a_row_is_bad(db, settings, seeded_a, tmp_path) -> None:
    path = workbook(tmp_path / "audits.xlsx", GOOD + BAD[:1])
    out = import_audits(
        db, settings, seeded_a.tenant.company_id, path, path.name, strict=True, today=TODAY
    )
    assert out["status"] == "failed" and "Strict import refused: 1 of 4 rows" in out["error"]
    assert _count(db, SupplierAudit) == _count(db, Finding) == 0


SQLITE_TRIGGER = """CREATE TRIGGER refuse_boom BEFORE INSERT ON findings
WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"""
PG_TRIGGER = (
    """CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN
    IF NEW.title = 'boom' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
    RETURN NEW; END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER refuse_boom BEFORE INSERT ON findings FOR EACH ROW "
    "EXECUTE FUNCTION refuse_boom()",
)


def test_a_failure_while_storing_leaves_nothing(db, settings, seeded_a, tmp_path) -> None:
    """Atomic: the database refusing the last finding rolls the whole import back."""
    path = workbook(tmp_path / "audits.xlsx", [*GOOD, [*GOOD[0][:8], "boom", "minor", "1", ""]])
    ddl = [SQLITE_TRIGGER] if db.is_sqlite else list(PG_TRIGGER)
    with db.engine.begin() as conn:
        for statement in ddl:
            conn.exec_driver_sql(statement)
    try:
        with pytest.raises(Exception, match="refused by test trigger"):
            import_audits(db, settings, seeded_a.tenant.company_id, path, path.name, today=TODAY)
    finally:
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "DROP TRIGGER refuse_boom" + ("" if db.is_sqlite else " ON findings")
            )
            if not db.is_sqlite:
                conn.exec_driver_sql("DROP FUNCTION refuse_boom()")
    assert _count(db, SupplierAudit) == _count(db, Finding) == _count(db, Assessment) == 0
    with db.reading() as s:
        upload = s.scalar(select(Upload))
    assert upload.status == "failed" and "nothing was imported" in upload.error


def test_rejected_files(db, settings, seeded_a, tmp_path) -> None:
    exe = tmp_path / "audits.xlsx"
    exe.write_bytes(b"MZ" + b"\x00" * 500)
    out = import_audits(db, settings, seeded_a.tenant.company_id, exe, exe.name, today=TODAY)
    assert out["status"] == "rejected" and "not a spreadsheet" in out["report"]["rejected"]
    headless = tmp_path / "notes.csv"
    headless.write_text("hello,world\n1,2\n", encoding="utf-8")
    out = import_audits(
        db, settings, seeded_a.tenant.company_id, headless, headless.name, today=TODAY
    )
    assert out["status"] == "rejected" and "could not find the header" in out["report"]["rejected"]
    with db.reading() as s:
        assert {u.status for u in s.scalars(select(Upload))} == {"rejected"}


def test_cli_exit_statuses(settings, db, seeded_a, tmp_path) -> None:
    cli = CliRunner(
        env={
            "DATABASE_URL": settings.database_url,
            "SUPPLYCHAIN_INSTANCE_DIR": str(settings.instance_dir),
            "SUPPLYCHAIN_UPLOAD_DIR": str(settings.upload_dir),
            "REDIS_URL": "",
        }
    )
    company = ["--company", seeded_a.tenant.name, "--user", seeded_a.tenant.emails["compliance"]]
    clean = workbook(tmp_path / "clean.xlsx", GOOD)
    done = cli.invoke(main, ["audits", "import", str(clean), *company])
    assert done.exit_code == 0, done.output
    assert "2 audits and 2 findings from 3 of 3 rows" in done.output
    mixed = workbook(tmp_path / "mixed.xlsx", GOOD[2:] + BAD[:1])
    partly = cli.invoke(main, ["audits", "import", str(mixed), *company, "--json"])
    assert partly.exit_code == 1
    assert json.loads(partly.output)["report"]["errors"][0]["row"] == 5
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.7")
    rejected = cli.invoke(main, ["audits", "import", str(junk), *company])
    assert rejected.exit_code == 2 and "Rejected: junk.xlsx" in rejected.output
    stranger = cli.invoke(main, ["audits", "import", str(clean), "--company", "Nobody Ltd"])
    assert stranger.exit_code == 1 and "Traceback" not in stranger.output


def test_audit_results_uploaded_in_the_browser(app, db, seeded_a, tmp_path) -> None:
    client = signed_in(app, seeded_a.tenant, "compliance")
    page = client.get("/remediation/findings").get_data(as_text=True)
    assert 'id="audit-import"' in page
    path = workbook(tmp_path / "q2 audits.xlsx", GOOD)
    with path.open("rb") as fh:
        data = {"csrf_token": csrf_from(page), "file": (fh, path.name)}
        sent = client.post("/remediation/audits/import", data=data)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/progress")
    html = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Audit results: 2 audits with 2 findings imported" in html
    assert 'id="view-findings"' in html and "Try the import again" not in html
    assert _count(db, Finding) == 2
    with path.open("rb") as fh:
        data = {"csrf_token": csrf_from(page), "file": (fh, path.name)}
        again = client.post("/remediation/audits/import", data=data, follow_redirects=True)
    assert "imported before" in again.get_data(as_text=True) and _count(db, Finding) == 2
    executive = signed_in(app, seeded_a.tenant, "executive")
    page = executive.get("/remediation/findings").get_data(as_text=True)
    assert 'id="audit-import"' not in page
    with path.open("rb") as fh:
        data = {"csrf_token": csrf_from(page), "file": (fh, path.name)}
        refused = executive.post("/remediation/audits/import", data=data)
    assert refused.status_code == 403 and _count(db, Finding) == 2


def test_bad_rows_in_the_browser_are_located_and_strict_imports_nothing(
    app, db, seeded_a, tmp_path
) -> None:
    client = signed_in(app, seeded_a.tenant, "compliance")
    token = csrf_from(client.get("/remediation/findings").get_data(as_text=True))
    path = workbook(tmp_path / "audits with errors.xlsx", GOOD + BAD[:2])
    with path.open("rb") as fh:
        data = {"csrf_token": token, "file": (fh, path.name), "strict": "y"}
        page = client.post("/remediation/audits/import", data=data, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert (
        "Strict import refused: 2 of 5 rows are invalid" in html and "nothing was imported" in html
    )
    for row, column, value in (("7", "A", "SUP-404"), ("8", "J", "urgent"), ("8", "K", "3;12")):
        cells = f'<td class="num">{row}</td>\n    <td><code>{column}</code></td>'
        assert cells in html and f"<code>{value}</code>" in html, (row, column)
    assert _count(db, SupplierAudit) == _count(db, Finding) == 0
    assert 'id="audits-again"' in html  # the way back to import a corrected file
    assert "<td>ILO indicators</td><td>indicators</td>" in html  # how the columns were read
