"""What keys the dashboards' cache: every committed change of a company's data moves its
version, and only its own."""

from __future__ import annotations

from pathlib import Path

from dashboards.cache import data_version
from sample_data.generate import generate_suppliers
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.services import audit
from tests.integration.conftest import Tenant
from tests.integration.dashboards.seed import import_frame


def versions(db: Database, *company_ids: int) -> list[tuple[int, int]]:
    with db.reading() as s:
        return [data_version(s, company_id) for company_id in company_ids]


def test_an_import_and_an_audited_change_move_the_company_s_version_only(
    db: Database, settings: Settings, tenant_a: Tenant, tenant_b: Tenant, tmp_path: Path
) -> None:
    a, b = tenant_a.company_id, tenant_b.company_id
    start_a, start_b = versions(db, a, b)
    import_frame(db, settings, a, generate_suppliers(10, 5, bad_rows=False), tmp_path / "a.xlsx")
    imported_a, imported_b = versions(db, a, b)
    with db.transaction() as s:
        audit.record(s, a, "system", "finding.update", "finding", 1)
    audited_a, audited_b = versions(db, a, b)
    assert start_a < imported_a < audited_a
    assert imported_a[1] > start_a[1]  # the import's assessments
    assert audited_a[1] == imported_a[1] and audited_a[0] > imported_a[0]  # the audit event
    assert start_b == imported_b == audited_b
