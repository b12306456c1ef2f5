"""Two companies with real imported suppliers, and a way to run callbacks as a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import plotly.utils
import pytest
from flask import Flask
from flask_login import login_user
from sqlalchemy import func, select

from dashboards.guard import CSRF_COOKIE
from sample_data.generate import generate_suppliers
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Company, Supplier
from supplychain.services import accounts
from supplychain.web.auth import signed_in
from tests.integration.conftest import Tenant, login
from tests.integration.dashboards.seed import add_remediation, import_frame

FIRST_UPLOAD = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Companies:
    a: Tenant
    b: Tenant
    a_suppliers: int
    b_suppliers: int
    a_march_rows: int  # assessments made by Acme's first upload
    a_remediation: dict[str, int]
    b_supplier_id: int


@pytest.fixture
def companies(
    db: Database, settings: Settings, tenant_a: Tenant, tenant_b: Tenant, tmp_path: Path
) -> Companies:
    """Acme: about 40 suppliers from two uploads (the first 30 rows in March, all 40 today),
    one finding with actions and remedy. Beta: 25 suppliers, all in Norway, every name
    starting with BETA."""
    acme = generate_suppliers(40, 11, bad_rows=False)
    acme["Supplier Name"] = "ACME " + acme["Supplier Name"].astype(str)
    march = import_frame(
        db,
        settings,
        tenant_a.company_id,
        acme.iloc[:30],
        tmp_path / "acme-march.xlsx",
        uploaded_at=FIRST_UPLOAD,
    )
    import_frame(db, settings, tenant_a.company_id, acme, tmp_path / "acme-now.xlsx")
    beta = generate_suppliers(25, 21, bad_rows=False)
    beta["Supplier Name"] = "BETA " + beta["Supplier Name"].astype(str)
    beta["Country"] = "Norway"
    import_frame(db, settings, tenant_b.company_id, beta, tmp_path / "beta.xlsx")
    remediation = add_remediation(db, tenant_a.company_id)
    with db.reading() as s:
        count = {
            cid: s.scalar(select(func.count()).where(Supplier.company_id == cid))
            for cid in (tenant_a.company_id, tenant_b.company_id)
        }
        b_supplier = s.scalar(select(Supplier.id).where(Supplier.company_id == tenant_b.company_id))
    return Companies(
        a=tenant_a,
        b=tenant_b,
        a_suppliers=count[tenant_a.company_id],
        b_suppliers=count[tenant_b.company_id],
        a_march_rows=march.rows,
        a_remediation=remediation,
        b_supplier_id=b_supplier,
    )


@contextmanager
def acting_as(app: Flask, db: Database, email: str) -> Iterator[None]:
    """A request of ``email`` signed in, as Dash runs a callback (no HTTP involved)."""
    with db.reading() as s:
        user = accounts.user_by_email(s, email)
        me = signed_in(user, s.get(Company, user.company_id))
    with app.test_request_context("/dash/_dash-update-component", method="POST"):
        login_user(me)
        yield


def as_json(output: Any) -> str:
    """A callback's return value as the JSON Dash would send to the browser."""
    return plotly.utils.PlotlyJSONEncoder().encode(output)


def signed_in_client(app: Flask, email: str, dashboard: str = "overview") -> tuple[Any, str]:
    """A test client signed in as ``email`` that opened a dashboard page, and the CSRF token
    the page handed to Dash's renderer in the ``_csrf_token`` cookie."""
    client = app.test_client()
    login(client, email)
    assert client.get(f"/dash/{dashboard}/").status_code == 200
    cookie = client.get_cookie(CSRF_COOKIE, path="/dash/")
    assert cookie is not None, "the dashboard page set no CSRF cookie"
    return client, cookie.value


def export_body(client: Any, dashboard: str, fmt: str = "csv") -> dict[str, Any]:
    """The JSON Dash's renderer posts when the export button is clicked, built from the app's
    own ``_dash-dependencies`` (so it follows the callback's real inputs and states)."""
    deps = client.get(f"/dash/{dashboard}/_dash-dependencies").get_json()
    spec = next(d for d in deps if d["output"] == f"download-{fmt}.data")
    return {
        "output": spec["output"],
        "outputs": {"id": f"download-{fmt}", "property": "data"},
        "inputs": [{**i, "value": 1} for i in spec["inputs"]],
        "state": [{**st, "value": None} for st in spec["state"]],
        "changedPropIds": [f"export-{fmt}.n_clicks"],
    }
