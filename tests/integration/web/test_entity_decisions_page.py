"""The supplier page's entity-list match form: CSRF, roles, reason, and the re-scored page."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import EntityDecision
from tests.integration.conftest import Tenant, csrf_from
from tests.integration.remediation.conftest import import_suppliers
from tests.integration.test_entity_decisions import CAMEL, ROWS, SHIPPED_EDITION
from tests.integration.web.conftest import signed_in

TIER = re.compile(r'<span class="label">Tier</span><span class="badge (\w+)">')


def _page(client: FlaskClient, supplier_id: int) -> str:
    page = client.get(f"/suppliers/{supplier_id}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _post(client: FlaskClient, supplier_id: int, token: str | None, **form: str):
    data = {"entity": CAMEL, "edition": SHIPPED_EDITION, **form}
    if token:
        data["csrf_token"] = token
    return client.post(f"/suppliers/{supplier_id}/entity-decisions", data=data)


def _decisions(db: Database) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [(d.status, d.reason) for d in s.scalars(select(EntityDecision))]


def test_dismissing_on_the_page_needs_csrf_and_a_reason_and_rescores(
    app: Flask, db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    camel = import_suppliers(db, settings, tenant_a, tmp_path, ROWS)["EL-001"]
    officer = signed_in(app, tenant_a, "compliance")
    html = _page(officer, camel)
    assert TIER.search(html).group(1) == "critical"
    assert "No decision on this match yet." in html and "Dismiss as false positive" in html
    assert _post(officer, camel, None, status="dismissed", reason="x").status_code == 400
    assert _decisions(db) == []
    token = csrf_from(html)
    refused = _post(officer, camel, token, status="dismissed", reason="  ")
    assert refused.status_code == 302
    assert "Give a reason for dismissing" in _page(officer, camel)
    assert _decisions(db) == []
    done = _post(officer, camel, token, status="dismissed", reason="Other registration number")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/suppliers/{camel}#why")
    html = _page(officer, camel)
    assert TIER.search(html).group(1) != "critical"
    assert "the supplier was re-scored" in html
    assert "Entity-list match decisions" in html and "Other registration number" in html
    assert tenant_a.emails["compliance"] in html and "Confirm match" in html
    assert _decisions(db) == [("dismissed", "Other registration number")]


def test_readers_see_decisions_without_a_form_and_may_not_post(
    app: Flask, db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    camel = import_suppliers(db, settings, tenant_a, tmp_path, ROWS)["EL-001"]
    officer = signed_in(app, tenant_a, "compliance")
    token = csrf_from(_page(officer, camel))
    assert _post(officer, camel, token, status="confirmed", reason="Same firm").status_code == 302
    executive = signed_in(app, tenant_a, "executive")
    html = _page(executive, camel)
    assert "Confirmed" in html and "Same firm" in html and "Dismiss as false positive" not in html
    own = csrf_from(html)
    assert _post(executive, camel, own, status="dismissed", reason="no").status_code == 403
    assert _decisions(db) == [("confirmed", "Same firm")]
