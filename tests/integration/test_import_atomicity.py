"""Property: an import stores every valid row of a generated file, or nothing at all: when the
policy refuses it (strict, or no valid row) and when the database fails in its last write."""

from __future__ import annotations

import csv
import uuid
from contextlib import nullcontext
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Assessment, RuleHit, SupplierRecord, Upload
from supplychain.services import accounts, imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.faults import failing_hit_inserts

COUNTRIES = st.sampled_from(["Bangladesh", "VN", "Türkiye", "Ghana", "Narnia", "", "Atlantis"])
VALID = {"Bangladesh", "VN", "Türkiye", "Ghana"}
NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=12
)
ROWS = st.lists(st.tuples(NAMES, COUNTRIES), min_size=1, max_size=12)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS, strict=st.booleans(), fault=st.booleans())
def test_import_is_all_valid_rows_or_nothing(
    rows: list[tuple[str, str]],
    strict: bool,
    fault: bool,
    db: Database,
    settings: Settings,
    tmp_path: Path,
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
    with failing_hit_inserts(db) if fault else nullcontext():
        imports.queue_import(
            ctx, InProcessRunner(ctx, background=False), company_id, upload_id, None
        )
    with db.reading() as s:
        upload = s.get(Upload, upload_id)
        stored = s.scalar(
            select(func.count())
            .select_from(SupplierRecord)
            .where(SupplierRecord.upload_id == upload_id)
        )
        hits = s.scalar(
            select(func.count())
            .select_from(RuleHit)
            .join(Assessment, Assessment.id == RuleHit.assessment_id)
            .where(Assessment.upload_id == upload_id)
        )
    expected_valid = sum(country in VALID for _, country in rows)
    refused = (strict and expected_valid < len(rows)) or expected_valid == 0
    event(f"{upload.status}{' with a write fault' if fault else ''}")
    if upload.status == "done":
        assert stored == upload.rows_imported == expected_valid
        assert not refused and not (fault and hits)  # a hit insert would have failed
    else:
        assert stored == 0 and hits == 0
        assert upload.status in ("failed", "rejected") and upload.error
        assert refused or fault
