"""Property: an import stores every valid row of a generated file, or nothing at all."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import SupplierRecord, Upload
from supplychain.services import accounts, imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner

COUNTRIES = st.sampled_from(["Bangladesh", "VN", "Türkiye", "Ghana", "Narnia", "", "Atlantis"])
VALID = {"Bangladesh", "VN", "Türkiye", "Ghana"}
NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=12
)
ROWS = st.lists(st.tuples(NAMES, COUNTRIES), min_size=1, max_size=12)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS, strict=st.booleans())
def test_import_is_all_valid_rows_or_nothing(
    rows: list[tuple[str, str]], strict: bool, db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Supplier Name", "Country"])
        writer.writerows([(f"S{i} {name}", country) for i, (name, country) in enumerate(rows)])
    with db.transaction() as s:
        company = accounts.add_company(s, f"Prop {uuid.uuid4().hex[:8]}")
        upload, _ = uploads.register(
            s, company.id, None, path, path.name, settings.upload_dir, strict=strict
        )
        company_id, upload_id = company.id, upload.id
    ctx = JobContext(db, settings)
    imports.queue_import(ctx, InProcessRunner(ctx, background=False), company_id, upload_id, None)
    with db.reading() as s:
        upload = s.get(Upload, upload_id)
        stored = s.scalar(
            select(func.count())
            .select_from(SupplierRecord)
            .where(SupplierRecord.upload_id == upload_id)
        )
    expected_valid = sum(country in VALID for _, country in rows)
    if upload.status == "done":
        assert stored == upload.rows_imported == expected_valid
        assert not (strict and expected_valid < len(rows))
    else:
        assert stored == 0
        assert upload.status in ("failed", "rejected") and upload.error
        assert (strict and expected_valid < len(rows)) or expected_valid == 0
