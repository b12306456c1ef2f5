"""Fixtures for the REST API tests: bearer tokens per role and companies with imported data."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from supplychain.db.engine import Database
from supplychain.services import accounts
from tests.integration.conftest import Tenant

HEADER = (
    "Supplier ID",
    "Supplier Name",
    "Country",
    "Sector",
    "Goods",
    "Audit date",
    "Audit result",
)
A_ROWS = (
    ("A-001", "Acmemark Golden Thread Garments", "Bangladesh", "Apparel", "Garments", "", ""),
    (
        "A-002",
        "Acmemark Mekong Seafood",
        "Thailand",
        "Agriculture",
        "Shrimp",
        "2025-03-10",
        "passed",
    ),
    ("A-003", "Acmemark Andes Coffee", "Peru", "Agriculture", "Coffee", "", ""),
    ("A-004", "Acmemark Lakeside Cocoa", "Ghana", "Agriculture", "Cocoa", "", ""),
)
B_ROWS = (
    ("B-001", "Betamark Nordic Timber", "Sweden", "", "", "2025-01-05", "passed"),
    ("B-002", "Betamark Delta Cotton", "Uzbekistan", "Agriculture", "Cotton", "", ""),
)


def supplier_csv(rows: Sequence[Sequence[str]] = A_ROWS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def make_tokens(db: Database, tenant: Tenant) -> dict[str, str]:
    """A fresh API token for every role of ``tenant``."""
    with db.transaction() as s:
        return {
            role: accounts.create_token(s, accounts.user_by_email(s, email), "tests")[1]
            for role, email in tenant.emails.items()
        }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Api:
    """A test client that sends one user's token with every request."""

    client: FlaskClient
    token: str

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(f"/api/v1{path}", headers=bearer(self.token), **kwargs)

    def upload(self, content: bytes, name: str = "suppliers.csv", **fields: str) -> TestResponse:
        data: dict[str, Any] = {"file": (io.BytesIO(content), name), **fields}
        return self.client.post(
            "/api/v1/uploads",
            headers=bearer(self.token),
            data=data,
            content_type="multipart/form-data",
        )


@pytest.fixture
def tokens_a(db: Database, tenant_a: Tenant) -> dict[str, str]:
    return make_tokens(db, tenant_a)


@pytest.fixture
def tokens_b(db: Database, tenant_b: Tenant) -> dict[str, str]:
    return make_tokens(db, tenant_b)


@pytest.fixture
def api_a(app: Flask, tokens_a: dict[str, str]) -> Api:
    return Api(app.test_client(), tokens_a["compliance"])


@pytest.fixture
def api_b(app: Flask, tokens_b: dict[str, str]) -> Api:
    return Api(app.test_client(), tokens_b["compliance"])


@pytest.fixture
def imported(api_a: Api, api_b: Api, tmp_path: Path) -> dict[str, int]:
    """Both companies imported their supplier list through the API; A's upload id per name."""
    a = api_a.upload(supplier_csv(A_ROWS), "acmemark-suppliers.csv")
    b = api_b.upload(supplier_csv(B_ROWS), "betamark-suppliers.csv")
    assert a.status_code == b.status_code == 202, (a.json, b.json)
    assert a.json["status"] == b.json["status"] == "done"
    return {"a": a.json["id"], "b": b.json["id"]}
