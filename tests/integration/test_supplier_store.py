"""The bulk store of an import on both backends: what lands where, a second upload of known
suppliers, a retried job, and a database failure in the last write leaving nothing behind."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Assessment, RuleHit, Supplier, SupplierRecord, Upload
from supplychain.services import accounts, bulk, imports, uploads
from supplychain.services.jobs import JobContext
from tests.integration.faults import failing_hit_inserts

HEADER = [
    "Supplier ID",
    "Supplier Name",
    "Country",
    "Sector",
    "Annual Spend",
    "Goods",
    "Buyer Code",
]
FIRST = [
    ["A-1", "Alpha Garments", "Bangladesh", "apparel", "100", "cotton; garments", 'K-9 "x"'],
    ["B-2", "Beta Fields", "Ghana", "agriculture", "", "cocoa", ""],
    ["A-1", "Alpha Garments Ltd", "Bangladesh", "apparel", "150", "", ""],
]
SECOND = [
    ["A-1", "Alpha Garments Ltd", "Bangladesh", "apparel", "175", "cotton", ""],
    ["C-3", "Gamma Stones", "VN", "", "20", "", ""],
]


def _upload(db: Database, settings: Settings, tmp_path: Path, company_id: int, rows) -> int:
    path = tmp_path / f"{uuid.uuid4().hex}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    with db.transaction() as s:
        upload, _ = uploads.register(s, company_id, None, path, path.name, settings.upload_dir)
        return upload.id


def _company(db: Database) -> int:
    with db.transaction() as s:
        return accounts.add_company(s, f"Store {uuid.uuid4().hex[:8]}").id


def _count(db: Database, model: type, company_id: int) -> int:
    with db.reading() as s:
        return s.scalar(
            select(func.count()).select_from(model).where(model.company_id == company_id)
        )


def _hit_count(db: Database, company_id: int) -> int:
    with db.reading() as s:
        return s.scalar(
            select(func.count())
            .select_from(RuleHit)
            .join(Assessment, Assessment.id == RuleHit.assessment_id)
            .where(Assessment.company_id == company_id)
        )


def _import(db: Database, settings: Settings, upload_id: int) -> dict:
    return imports.import_upload(JobContext(db, settings), upload_id, lambda *_: None)


def test_known_suppliers_take_the_newest_row_and_new_ones_are_added(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    company_id = _company(db)
    first = _upload(db, settings, tmp_path, company_id, FIRST)
    assert _import(db, settings, first)["imported"] == 3
    second = _upload(db, settings, tmp_path, company_id, SECOND)
    assert _import(db, settings, second)["imported"] == 2
    with db.reading() as s:
        suppliers = {
            x.key: x for x in s.scalars(select(Supplier).where(Supplier.company_id == company_id))
        }
        assert sorted(suppliers) == ["A-1", "B-2", "C-3"]
        alpha = suppliers["A-1"]
        record = s.get(SupplierRecord, alpha.latest_record_id)
        assessment = s.get(Assessment, alpha.latest_assessment_id)
        assert (record.upload_id, record.supplier_id, record.row_number) == (second, alpha.id, 2)
        assert (alpha.name, alpha.annual_spend, record.goods) == (
            "Alpha Garments Ltd",
            175.0,
            "Cotton",
        )
        assert (assessment.record_id, assessment.supplier_id) == (record.id, alpha.id)
        assert (alpha.score, alpha.risk_tier) == (assessment.score, assessment.tier)
        assert assessment.file_hashes and all(len(h) == 64 for h in assessment.file_hashes.values())
        beta = suppliers["B-2"]
        beta_record = s.get(SupplierRecord, beta.latest_record_id)
        assert (beta_record.upload_id, beta.annual_spend, beta_record.goods) == (
            first,
            None,
            "Cocoa",
        )
        first_alpha = s.scalars(
            select(SupplierRecord)
            .where(SupplierRecord.upload_id == first)
            .order_by(SupplierRecord.row_number)
        ).all()
        assert [r.goods for r in first_alpha] == ["Cotton; Garments", "Cocoa", None]
        assert [r.extra for r in first_alpha] == [{"Buyer Code": 'K-9 "x"'}, None, None]
        hits = s.scalars(select(RuleHit).where(RuleHit.assessment_id == assessment.id)).all()
        assert hits and all(isinstance(h.detail, dict) and "critical" in h.detail for h in hits)
        assert sum(h.points for h in hits) == pytest.approx(assessment.score)
    assert _count(db, SupplierRecord, company_id) == 5
    assert _count(db, Assessment, company_id) == 5


def test_a_retried_import_stores_its_rows_once(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    company_id = _company(db)
    upload_id = _upload(db, settings, tmp_path, company_id, FIRST)
    done = _import(db, settings, upload_id)
    hits = _hit_count(db, company_id)
    assert _import(db, settings, upload_id) == done
    assert _count(db, SupplierRecord, company_id) == 3
    assert _count(db, Supplier, company_id) == 2
    assert _hit_count(db, company_id) == hits > 0


def test_a_failure_in_the_last_write_leaves_nothing_and_a_retry_imports_all(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    company_id = _company(db)
    known = _upload(db, settings, tmp_path, company_id, SECOND)
    _import(db, settings, known)
    upload_id = _upload(db, settings, tmp_path, company_id, FIRST)
    with failing_hit_inserts(db), pytest.raises(DBAPIError, match="store fault"):
        _import(db, settings, upload_id)
    with db.reading() as s:
        upload = s.get(Upload, upload_id)
        assert (upload.status, upload.rows_imported) == ("failed", 0)
        alpha = s.scalar(
            select(Supplier).where(Supplier.company_id == company_id, Supplier.key == "A-1")
        )
        assert (alpha.annual_spend, s.get(SupplierRecord, alpha.latest_record_id).upload_id) == (
            175.0,
            known,
        )
    assert (_count(db, Supplier, company_id), _count(db, SupplierRecord, company_id)) == (2, 2)
    assert _count(db, Assessment, company_id) == 2
    assert _import(db, settings, upload_id)["status"] == "done"
    assert (_count(db, Supplier, company_id), _count(db, SupplierRecord, company_id)) == (3, 5)


def test_sqlite_bulk_writes_get_a_roomy_page_cache_then_the_old_one_back(tmp_path: Path) -> None:
    sqlite_db = Database(f"sqlite:///{tmp_path / 'cache.db'}")
    try:
        with sqlite_db.transaction() as s:
            before = s.scalar(text("PRAGMA cache_size"))
            with bulk.roomy_cache(s, 32_768):
                assert s.scalar(text("PRAGMA cache_size")) == -32_768
            assert s.scalar(text("PRAGMA cache_size")) == before != -32_768
    finally:
        sqlite_db.dispose()


def test_suppliers_without_an_id_keep_their_identity_by_name_and_country(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    company_id = _company(db)
    pad = ["", "", "", ""]
    first = _upload(db, settings, tmp_path, company_id, [["", "Delta Cocoa Ltd", "Ghana", *pad]])
    _import(db, settings, first)
    again = [["", "  DELTA COCOA LTD ", "GH", *pad], ["", "Delta Cocoa Ltd", "Côte d'Ivoire", *pad]]
    second = _upload(db, settings, tmp_path, company_id, again)
    assert _import(db, settings, second)["imported"] == 2
    with db.reading() as s:
        suppliers = s.scalars(
            select(Supplier).where(Supplier.company_id == company_id).order_by(Supplier.id)
        ).all()
        assert [(x.country, x.key) for x in suppliers] == [
            ("GH", "delta cocoa|GH"),  # legal form dropped
            ("CI", "delta cocoa|CI"),
        ]
        history = s.scalars(
            select(SupplierRecord)
            .where(SupplierRecord.supplier_id == suppliers[0].id)
            .order_by(SupplierRecord.id)
        ).all()
        assert [(r.upload_id, r.row_number) for r in history] == [(first, 2), (second, 2)]
