"""Evidence packs built by the service from a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from sqlalchemy import delete, func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import (
    Assessment,
    AuditEvent,
    EvidencePack,
    RuleFileContent,
    RuleHit,
)
from supplychain.evidence.readme import WORKBOOK_NAME
from supplychain.evidence.verify import INTACT, verify_pack
from supplychain.services import audit, evidence
from supplychain.services.errors import NotFound, ServiceError
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import Tenant
from tests.integration.evidence.conftest import (
    EVIDENCE_KEY,
    HOSTILE_NAMES,
    Company,
    generated_workbook,
    import_file,
    user_id,
)

KEY = EVIDENCE_KEY.encode()


def build(db: Database, settings: Settings, company: Company, **request: Any) -> EvidencePack:
    ctx = JobContext(db, settings)
    auditor = user_id(db, company.tenant.emails["auditor"])
    pack, _ = evidence.queue_pack(
        ctx,
        InProcessRunner(ctx, background=False),
        company.tenant.company_id,
        auditor,
        evidence.PackRequest(**request),
    )
    with db.reading() as s:
        return evidence.get(s, company.tenant.company_id, pack.id)


def workbook(pack: EvidencePack) -> openpyxl.Workbook:
    with zipfile.ZipFile(pack.stored_path) as zf:
        return openpyxl.load_workbook(io.BytesIO(zf.read("evidence-workbook.xlsx")), read_only=True)


def no_formulas(pack: EvidencePack) -> int:
    """Assert that no sheet of a workbook the pack writer made (the evidence workbook, data-only
    copies) holds a formula; count the sheets. Original uploads are shipped as they came."""
    checked = 0
    with zipfile.ZipFile(pack.stored_path) as zf:
        names = [n for n in zf.namelist() if n.endswith((WORKBOOK_NAME, ".data-only.xlsx"))]
        books = [zf.read(n) for n in names]
    for data in books:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            for name in book.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    xml = book.read(name).decode()
                    assert "<f>" not in xml and "<f " not in xml, name
                    checked += 1
    return checked


def rows(book: openpyxl.Workbook, sheet: str) -> list[tuple]:
    return list(book[sheet].iter_rows(min_row=2, values_only=True))


def test_a_full_pack_holds_what_the_company_knew_and_verifies(
    db: Database, settings: Settings, company_a: Company
) -> None:
    pack = build(db, settings, company_a)
    assert pack.status == "done", pack.error
    outcome = verify_pack(pack.stored_path, KEY)
    assert outcome.status == INTACT, outcome.message
    with zipfile.ZipFile(pack.stored_path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    first, macro = company_a.upload_ids
    assert f"uploads/{first}.xlsx" in names
    assert f"uploads/{macro}.data-only.xlsx" in names and f"uploads/{macro}.xlsm" not in names
    assert {
        "rules/rulesets/default.yaml",
        "rules/reference/SOURCES.md",
        "rules/crosswalk.yaml",
        "rules/reference/xinjiang_places.csv",
    } <= names
    assert all(r["matches"] for r in manifest["rules"])
    with db.reading() as s:
        head = s.scalar(select(AuditEvent).where(AuditEvent.hash == pack.chain_head))
        hits = s.scalar(
            select(func.count())
            .select_from(RuleHit)
            .join(Assessment, Assessment.id == RuleHit.assessment_id)
            .where(
                Assessment.company_id == company_a.tenant.company_id,
                Assessment.id.in_(select(func.max(Assessment.id)).group_by(Assessment.supplier_id)),
            )
        )
    assert manifest["audit_chain"]["head_hash"] == pack.chain_head
    assert (
        head.action == "evidence_pack.requested" and manifest["audit_chain"]["entries"] == head.seq
    )
    book = workbook(pack)
    summary = dict(rows(book, "Summary"))
    assert summary["Rule sets used"].startswith("default@")
    entity_list = summary["Reference data: DHS UFLPA Entity List (partial snapshot)"]
    assert entity_list.startswith("edition 2025-01-15-partial (partial list); caveats: ")
    assert "none recorded" not in entity_list
    suppliers = rows(book, "Suppliers")
    assert sorted(r[0] for r in suppliers) == company_a.supplier_ids
    shown = {r[2] for r in suppliers} | {r[1] for r in rows(book, "Rule hits")}
    assert {"'" + name for name in HOSTILE_NAMES} <= shown, "each hostile name shown as text"
    assert no_formulas(pack) > 11, "every sheet of the workbook and the data-only copy checked"
    assert len(rows(book, "Rule hits")) == hits
    assert all(r[6] for r in rows(book, "Rule hits")), "every hit names its public source"
    finding = rows(book, "Findings")[0]
    assert finding[0] == company_a.finding_id and finding[4].startswith("'=HYPERLINK")
    assert finding[6].startswith("8 ") and finding[7] == "grievance"
    assert rows(book, "Actions")[0][6] == "in_progress"
    history = rows(book, "Action history")
    assert [h[2] for h in history] == ["created", "status", "comment"]
    assert history[2][5] == "'@SUM(1) first repayment made"
    assert rows(book, "Worker remedy")[0][5:8] == (1200, 300, "USD")
    uploads = {r[0]: r for r in rows(book, "Uploads")}
    assert uploads[macro][2] == f"uploads/{macro}.data-only.xlsx"
    assert "contained macros" in uploads[macro][12]
    crosswalk = rows(book, "Crosswalk")
    remediation = [r for r in crosswalk if "remediat" in r[2].lower()]
    assert remediation and all("no remediation evidence" not in (r[7] or "") for r in remediation)


def test_a_company_without_findings_is_told_it_has_no_remediation_evidence(
    db: Database, settings: Settings, company_b: Company
) -> None:
    pack = build(db, settings, company_b)
    crosswalk = rows(workbook(pack), "Crosswalk")
    missing = [r for r in crosswalk if "no remediation evidence" in (r[7] or "")]
    assert missing and {r[0] for r in missing} >= {
        "German Supply Chain Due Diligence Act (Lieferkettensorgfaltspflichtengesetz, LkSG)"
    }
    assert verify_pack(pack.stored_path, KEY).status == INTACT


def test_rebuilding_the_same_request_gives_the_same_bytes(
    db: Database, settings: Settings, company_a: Company
) -> None:
    pack = build(db, settings, company_a)
    first = Path(pack.stored_path).read_bytes()
    with db.transaction() as s:  # later activity must not leak into the rebuilt pack
        audit.record(s, company_a.tenant.company_id, "system", "test.later", "test", 1)
    ctx = JobContext(db, settings)
    evidence.build(ctx, pack.id, lambda *_: None)
    assert Path(pack.stored_path).read_bytes() == first


def test_one_supplier_and_a_period(db: Database, settings: Settings, company_a: Company) -> None:
    chosen = company_a.supplier_ids[0]
    pack = build(db, settings, company_a, supplier_ids=(chosen,))
    book = workbook(pack)
    assert [r[0] for r in rows(book, "Suppliers")] == [chosen]
    assert {r[0] for r in rows(book, "Rule hits")} == {chosen}
    assert len(rows(book, "Findings")) == 1
    past = build(db, settings, company_a, date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
    book = workbook(past)
    assert rows(book, "Suppliers") == rows(book, "Findings") == rows(book, "Uploads") == []
    assert rows(book, "Audit trail") == []
    assert verify_pack(past.stored_path, KEY).status == INTACT


def test_requests_are_checked(
    db: Database,
    settings: Settings,
    company_a: Company,
    company_b: Company,
    caplog: pytest.LogCaptureFixture,
) -> None:
    a, foreign = company_a.tenant.company_id, company_b.supplier_ids[0]
    with pytest.raises(NotFound, match=f"No supplier {foreign}"), db.transaction() as s:
        evidence.request_pack(s, a, None, evidence.PackRequest(supplier_ids=(foreign,)))
    inverted = evidence.PackRequest(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    with pytest.raises(ServiceError, match="after its end date"), db.transaction() as s:
        evidence.request_pack(s, a, None, inverted)
    pack_id = build(db, settings, company_a).id
    b = company_b.tenant.company_id
    with pytest.raises(NotFound), db.reading() as s:
        evidence.get(s, b, pack_id)
    refused = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert refused[-1] == (
        f"Failed authorisation: company {b} asked for evidence pack {pack_id} of company {a}."
    )


def test_a_pack_that_cannot_be_built_fails_with_a_reason_and_leaves_no_file(
    db: Database, settings: Settings, company_a: Company, tmp_path: Path
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(settings.rules_dir, rules)
    crosswalk = yaml.safe_load((rules / "crosswalk.yaml").read_text(encoding="utf-8"))
    crosswalk["laws"][0]["elements"][0]["facts"] = ["moon_phase"]
    (rules / "crosswalk.yaml").write_text(yaml.safe_dump(crosswalk), encoding="utf-8")
    broken = replace(settings, rules_dir=rules)
    pack = build(db, broken, company_a)
    with db.reading() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert pack.status == "failed" and "regulation crosswalk" in pack.error
    assert "moon_phase" in pack.error, "the reason names what is wrong"
    assert (last.action, last.object_id) == ("evidence_pack.failed", str(pack.id))
    folder = evidence.pack_path(settings.instance_dir, pack.company_id, pack.id).parent
    assert not folder.exists() or list(folder.iterdir()) == []
    assert build(db, settings, company_a).status == "done", "the next request builds"


@pytest.mark.parametrize("kept", [True, False], ids=["kept-when-scored", "scored-before-kept"])
def test_the_pack_ships_the_rule_files_that_scored_even_after_the_server_copy_changed(
    db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path, kept: bool
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(settings.rules_dir, rules)
    served = replace(settings, rules_dir=rules)
    import_file(db, served, tenant_a, generated_workbook(tmp_path, 12, seed=31))
    sectors = rules / "taxonomy" / "sectors.yaml"
    scored = sectors.read_bytes()
    with db.reading() as s:
        assert s.get(RuleFileContent, hashlib.sha256(scored).hexdigest()).content == scored
    if not kept:  # as for assessments stored before migration 0006
        with db.transaction() as s:
            s.execute(delete(RuleFileContent))
    sectors.write_bytes(scored + b"# edited on the server after scoring\n")
    pack = build(db, served, Company(tenant_a, [], []))
    assert pack.status == "done", pack.error
    with zipfile.ZipFile(pack.stored_path) as zf:
        shipped = zf.read("rules/taxonomy/sectors.yaml")
        readme = zf.read("README.txt").decode()
    if kept:
        assert shipped == scored and "CHANGED since scoring" not in readme
    else:
        assert shipped != scored and "taxonomy/sectors.yaml: CHANGED since scoring" in readme
    assert verify_pack(pack.stored_path, KEY).status == INTACT
