"""The supplier table (filters, sort, pages) and the supplier page that explains a score."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from tests.integration.conftest import Tenant
from tests.integration.web.conftest import post_mapping, signed_in, upload, upload_id, workbook

ROW_LINK = re.compile(r'<td><a href="/suppliers/(\d+)">')


def _imported(client: FlaskClient, tmp_path: Path) -> None:
    uid = upload_id(upload(client, workbook(tmp_path)))
    assert post_mapping(client, uid, "confirm").status_code == 302


def _ids(client: FlaskClient, query: str) -> list[int]:
    page = client.get(f"/suppliers/{query}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    return [int(i) for i in ROW_LINK.findall(page.get_data(as_text=True))]


def _every_page(client: FlaskClient, query: str = "") -> list[int]:
    """The ids of every page of the table, in order (50 a page), until a page comes back empty."""
    ids: list[int] = []
    for page in range(1, 100):
        found = _ids(client, f"?{query}&page={page}" if query else f"?page={page}")
        if not found:
            return ids
        assert len(found) <= 50
        ids.extend(found)
    raise AssertionError("the table never ends")


def _suppliers(db: Database) -> list[Supplier]:
    with db.reading() as s:
        return list(s.scalars(select(Supplier)))


def test_filter_sort_and_page_the_supplier_table(
    app: Flask, db: Database, compliance_a: FlaskClient, tenant_a: Tenant, tmp_path: Path
) -> None:
    _imported(compliance_a, tmp_path)
    stored = _suppliers(db)
    by_id = {s.id: s for s in stored}
    reader = signed_in(app, tenant_a, "executive")
    ranked = _every_page(reader)
    assert _ids(reader, "") == ranked[:50] and len(by_id) > 50, "more than one page"
    assert sorted(ranked) == sorted(by_id)
    assert [by_id[i].score for i in ranked] == sorted((s.score for s in stored), reverse=True)
    names = _every_page(reader, "sort=name&dir=asc")
    assert [by_id[i].name for i in names] == sorted(s.name for s in stored)
    high = _every_page(reader, "tier=high")
    assert high and high == [s for s in ranked if by_id[s].risk_tier == "high"]
    country = stored[0].country
    assert set(_every_page(reader, f"country={country}")) == {
        s.id for s in stored if s.country == country
    }
    word = stored[0].name.split()[0].lower()
    found = _every_page(reader, f"q={word}")
    assert stored[0].id in found
    assert all(word in by_id[i].name.lower() for i in found if by_id[i].supplier_ref)
    assert reader.get("/suppliers/?sort=password").status_code == 400
    assert reader.get("/suppliers/?tier=purple").status_code == 400
    assert reader.get("/suppliers/?country=ZZ").status_code == 400


def test_the_supplier_page_explains_the_score(
    app: Flask, db: Database, compliance_a: FlaskClient, tenant_a: Tenant, tmp_path: Path
) -> None:
    _imported(compliance_a, tmp_path)
    chosen = max(_suppliers(db), key=lambda s: s.score)
    page = signed_in(app, tenant_a, "auditor").get(f"/suppliers/{chosen.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Why this score" in html
    assert "Public source" in html and ".csv row" in html  # each hit cites its source row
    assert "default</code> version <code>2026.1" in html
    assert re.search(r"Rule set SHA-256</dt><dd><code class=\"hash\">[0-9a-f]{64}", html)
    assert "reference/uflpa_entity_list_PARTIAL.csv" in html  # reference file hashes
    assert "Reference-data caveats" in html and "PARTIAL" in html
    assert "UFLPA entity list in use is a partial snapshot" in html
    assert "These gaps do not fully account" not in html  # the explanation adds up
    assert "History across uploads" in html and "3-suppliers.xlsx" in html


def test_suppliers_of_another_company_are_404(
    app: Flask, db: Database, compliance_a: FlaskClient, tenant_b: Tenant, tmp_path: Path
) -> None:
    _imported(compliance_a, tmp_path)
    theirs = _suppliers(db)[0]
    other = signed_in(app, tenant_b, "admin")
    assert other.get(f"/suppliers/{theirs.id}").status_code == 404
    assert _ids(other, "") == []
    assert theirs.name not in other.get("/suppliers/").get_data(as_text=True)
