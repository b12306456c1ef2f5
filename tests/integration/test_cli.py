"""The `supplychain` command line on a real database (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from supplychain.cli import main
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Company, Finding, Supplier, SupplierRecord, Upload
from supplychain.ingest.mapping import header_fingerprint
from supplychain.services import accounts, uploads

REAL_LISTS = Path(__file__).resolve().parents[1] / "resources" / "real-supplier-lists"


@pytest.fixture
def cli(settings: Settings) -> CliRunner:
    return CliRunner(
        env={
            "DATABASE_URL": settings.database_url,
            "SUPPLYCHAIN_INSTANCE_DIR": str(settings.instance_dir),
            "SUPPLYCHAIN_UPLOAD_DIR": str(settings.upload_dir),
            "SUPPLYCHAIN_PASSWORD": "a long enough password",
            "REDIS_URL": "",
        }
    )


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def company(cli: CliRunner) -> str:
    assert run(cli, "init-db").exit_code == 0
    assert run(cli, "company", "add", "Acme Apparel").exit_code == 0
    added = run(
        cli,
        "user",
        "add",
        "Officer@Acme.example",
        "--company",
        "Acme Apparel",
        "--role",
        "compliance",
    )
    assert added.exit_code == 0, added.output
    return "Acme Apparel"


def write_csv(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_company_user_token_and_audit_verify(cli: CliRunner, company: str) -> None:
    duplicate = run(cli, "company", "add", "acme apparel")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    token = run(cli, "token", "create", "officer@acme.example")
    assert token.exit_code == 0 and token.output.strip().startswith("sc_")
    unknown = run(cli, "user", "add", "x@y.example", "--company", "Nope", "--role", "admin")
    assert unknown.exit_code == 1 and "No company named 'Nope'" in unknown.output
    verified = run(cli, "audit", "verify", "--company", company)
    assert verified.exit_code == 0 and "intact" in verified.output


def test_validate_exit_statuses_and_json(cli: CliRunner, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", "Supplier Name,Country\nAlpha,Viet Nam\nBeta,DE\n")
    bad = write_csv(tmp_path / "bad.csv", "Supplier Name,Country\nAlpha,Narnia\nBeta,DE\n")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a workbook")
    assert run(cli, "validate", str(good)).exit_code == 0
    result = run(cli, "validate", str(bad), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"] == {"rows": 2, "valid": 1, "invalid": 1, "warnings": 0}
    error = report["errors"][0]
    assert (error["row"], error["column"], error["header"], error["value"]) == (
        2,
        "B",
        "Country",
        "Narnia",
    )
    rejected = run(cli, "validate", str(junk), "--json")
    assert rejected.exit_code == 2
    assert "junk.xlsx" in json.loads(rejected.output)["rejected"]


def test_validate_names_sheet_row_column_and_value_in_sheet_order(tmp_path: Path) -> None:
    path = tmp_path / "erp export.xlsx"
    wb = openpyxl.Workbook()
    old = wb.active
    old.title, old.sheet_state = "Old", "hidden"
    data = wb.create_sheet("Data")
    for row in [
        ["Supplier list Q3"],
        [],
        ["Supplier name", "Country", "Workers", "Audit date"],
        ["Alpha", "Narnia", "many", "2024-01-02"],
        ["Beta", "Viet Nam", 12, "03/04/2024"],
    ]:
        data.append(row)
    wb.save(path)
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "erp export.xlsx (xlsx; sheet 'Data', header on row 3): 2 rows, 0 valid, 2 invalid, "
        "1 warnings.",
        "  error   sheet Data row 4 column B (Country) value 'Narnia': unknown country; "
        "did you mean Armenia?",
        "  error   sheet Data row 4 column C (Workers) value 'many': expected a whole number; "
        "use digits with '.' as the decimal separator",
        "  error   sheet Data row 5 column D (Audit date) value '03/04/2024': ambiguous date: "
        "day and month could be either way round; write dates as YYYY-MM-DD",
        "  warning sheet Old: hidden sheet 'Old' was ignored",
    ]


def test_validate_applies_the_configured_upload_cap(tmp_path: Path) -> None:
    rows = "".join(f"Supplier {i},Viet Nam\n" for i in range(60_000))  # about 1.1 MB
    path = write_csv(tmp_path / "big.csv", "Supplier Name,Country\n" + rows)
    env = {"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path / "instance")}
    small = CliRunner(env={**env, "SUPPLYCHAIN_MAX_UPLOAD_MB": "1"})
    refused = small.invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert refused.exit_code == 2 and "over the 1 MB limit" in refused.output
    roomy = CliRunner(env={**env, "SUPPLYCHAIN_MAX_UPLOAD_MB": "2"})
    assert roomy.invoke(main, ["validate", str(path)], catch_exceptions=False).exit_code == 0


def test_score_json_is_deterministic_and_complete(cli: CliRunner) -> None:
    path = REAL_LISTS / "Winter_2019_Compliance_List_V2.csv"
    first = run(cli, "score", str(path), "--json", "--as-of", "2026-01-01")
    second = run(cli, "score", str(path), "--json", "--as-of", "2026-01-01")
    assert first.exit_code in (0, 1)
    assert first.output == second.output
    report = json.loads(first.output)
    assert set(report) == {
        "file",
        "columns",
        "summary",
        "ruleset",
        "suppliers",
        "errors",
        "warnings",
    }
    assert sum(report["summary"]["by_tier"].values()) == len(report["suppliers"])
    assert all(
        0 <= s["score"] <= 100 and 0 <= s["confidence"] <= 1 and s["hits"]
        for s in report["suppliers"]
    )
    assert all(
        {"rule", "points", "reason", "source"} == set(h)
        for s in report["suppliers"]
        for h in s["hits"]
    )


def test_import_is_idempotent_and_rescore_lists_changes(
    cli: CliRunner, company: str, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "list.csv",
        "Supplier ID,Supplier Name,Country,Goods,Last Audit Date,Audit Result\n"
        "007,Alpha Textiles,Bangladesh,Garments,2025-06-01,passed\n"
        "008,Beta Cocoa,Ghana,Cocoa,,\n"
        "009,Gamma Ltd,Narnia,,,\n",
    )
    first = run(cli, "import", str(path), "--company", company, "--user", "officer@acme.example")
    assert first.exit_code == 1, first.output  # one row rejected
    assert "Imported 2 of 3 rows" in first.output
    assert "error   row 4 column C (Country) value 'Narnia': unknown country" in first.output
    again = run(cli, "import", str(path), "--company", company)
    assert "already uploaded" in again.output and "Imported 2 of 3 rows" in again.output
    rescored = run(cli, "rescore", "--company", company, "--ruleset", "strict", "--json")
    assert rescored.exit_code == 0, rescored.output
    outcome = json.loads(rescored.output)
    assert outcome["suppliers"] == 2 and outcome["stored"] is True
    assert all(c["tier_before"] != c["tier_after"] and c["why"] for c in outcome["changes"])
    assert run(cli, "audit", "verify", "--company", company).exit_code == 0


def test_strict_import_stores_nothing(cli: CliRunner, company: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "strict.csv", "Supplier Name,Country\nAlpha,Bangladesh\nGamma,Narnia\n"
    )
    result = run(cli, "import", str(path), "--company", company, "--strict")
    assert result.exit_code == 1
    assert "Strict import refused" in result.output
    assert "row 3 column B (Country) value 'Narnia'" in result.output


def test_import_reads_unknown_headers_with_the_mapping_the_company_confirmed(
    cli: CliRunner, company: str, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "erp.csv", "Kreditor,Sitz,Intern\nAlpha,Bangladesh,1\n")
    refused = run(cli, "import", str(path), "--company", company)
    assert refused.exit_code == 2 and "could not find the header row" in refused.output
    db = Database(settings.database_url)
    with db.transaction() as s:
        company_id = accounts.company_by_name(s, company).id
        mapping = {"Kreditor": "supplier_name", "Sitz": "country", "Intern": ""}
        uploads.save_mapping(s, company_id, None, header_fingerprint(list(mapping)), mapping)
    path.write_text("Kreditor,Sitz,Intern\nBeta,Ghana,2\nGamma,Narnia,3\n", encoding="utf-8")
    result = run(cli, "import", str(path), "--company", company)
    assert result.exit_code == 1, result.output
    assert "Imported 1 of 2 rows" in result.output
    assert "'Kreditor' as supplier_name, 'Sitz' as country" in result.output
    with db.reading() as s:
        assert s.scalars(select(Supplier.name)).all() == ["Beta"]
    db.dispose()


WINDOWS_1252_LIST = "Supplier Name;Country\nSão Paulo Têxteis;Brazil\nMüller Garne GmbH;Germany\n"


def test_import_refuses_a_windows_1252_file_until_its_encoding_is_confirmed(
    cli: CliRunner, company: str, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(WINDOWS_1252_LIST.encode("cp1252"))
    refused = run(cli, "import", str(path), "--company", company)
    assert refused.exit_code == 2 and refused.stdout == ""
    message = refused.stderr
    assert message.startswith("Rejected: export.csv: the file is not UTF-8")
    assert "include Müller, São, Têxteis." in message
    assert "run again with `--encoding cp1252`" in message and "'CSV UTF-8'" in message
    db = Database(settings.database_url)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 0
    assert not any(p.is_file() for p in settings.upload_dir.rglob("*"))
    confirmed = run(cli, "import", str(path), "--company", company, "--encoding", "cp1252")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Imported 2 of 2 rows" in confirmed.stdout and "Windows-1252" in confirmed.stdout
    with db.reading() as s:
        names = s.scalars(select(Supplier.name).order_by(Supplier.name)).all()
    assert names == ["Müller Garne GmbH", "São Paulo Têxteis"]
    db.dispose()


def test_a_utf8_file_needs_no_encoding_and_another_encoding_is_not_offered(
    cli: CliRunner, company: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "utf8.csv", WINDOWS_1252_LIST)
    result = run(cli, "import", str(path), "--company", company)
    assert result.exit_code == 0, result.output
    assert "Imported 2 of 2 rows" in result.stdout and "Windows-1252" not in result.stdout
    other = run(cli, "import", str(path), "--company", company, "--encoding", "latin-1")
    assert other.exit_code == 2 and "'latin-1' is not 'cp1252'" in other.stderr


def test_lists_import_new_uflpa_edition(cli: CliRunner, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "uflpa.csv",
        "name,aliases,date\nExample Listed Entity Co.,Example Alias,2026-10-01\n",
    )
    result = run(cli, "lists", "import", "uflpa_entity_list", str(path))
    assert result.exit_code == 0, result.output
    assert "2026-10-01" in result.output
    broken = write_csv(tmp_path / "broken.csv", "aliases\nfoo\n")
    failed = run(cli, "lists", "import", "uflpa_entity_list", str(broken))
    assert failed.exit_code == 1 and "broken.csv" in failed.output


def test_demo_sets_up_a_company_with_suppliers_and_audit_findings_twice_over(
    cli: CliRunner, settings: Settings
) -> None:
    first = run(cli, "demo", "--no-serve")
    assert first.exit_code == 0, first.output
    assert "293 of 300 rows" in first.output and "audits with" in first.output
    assert "executive@demo.example" in first.output
    again = run(cli, "demo", "--no-serve")  # idempotent: the same company, users and data
    assert again.exit_code == 0 and "293 of 300 rows" in again.output
    db = Database(settings.database_url)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Company)) == 1
        assert s.scalar(select(func.count()).select_from(SupplierRecord)) == 293  # not twice
        assert s.scalar(select(func.count()).select_from(Supplier)) > 250
        assert s.scalar(select(func.count()).select_from(Finding)) > 0
    db.dispose()
