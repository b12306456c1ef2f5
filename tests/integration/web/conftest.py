"""Helpers for driving the browser-facing pages with the Flask test client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from sample_data.generate import generate_suppliers, write_xlsx
from tests.integration.conftest import Tenant, csrf_from, login

UPLOAD_ID = re.compile(r"/uploads/(\d+)")
SELECT = re.compile(r'<select[^>]*name="(fields-\d+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option selected value="([^"]*)"')


def workbook(
    tmp_path: Path, *, seed: int = 3, rows: int = 60, name: str = "suppliers.xlsx"
) -> Path:
    """A generated supplier workbook; seed 3 with 60 rows has 7 invalid rows."""
    path = tmp_path / f"{seed}-{name}"
    write_xlsx(generate_suppliers(rows, seed=seed), path)
    return path


def signed_in(app: Flask, tenant: Tenant, role: str) -> FlaskClient:
    client = app.test_client()
    login(client, tenant.emails[role])
    return client


def upload(client: FlaskClient, path: Path, name: str | None = None, **form: str) -> TestResponse:
    token = csrf_from(client.get("/uploads/").get_data(as_text=True))
    with path.open("rb") as fh:
        data = {"csrf_token": token, "file": (fh, name or path.name), **form}
        return client.post("/uploads/", data=data, content_type="multipart/form-data")


def upload_id(response: TestResponse) -> int:
    match = UPLOAD_ID.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def mapping_form(html: str) -> dict[str, str]:
    """The mapping form's fields as the page shows them (field per column), with its token."""
    data = {"csrf_token": csrf_from(html)}
    for name, options in SELECT.findall(html):
        chosen = SELECTED.search(options)
        data[name] = chosen.group(1) if chosen else ""
    assert len(data) > 2, "no mapping form on the page"
    return data


def post_mapping(
    client: FlaskClient, uid: int, action: str, changes: dict[int, str] | None = None
) -> TestResponse:
    data = mapping_form(client.get(f"/uploads/{uid}").get_data(as_text=True))
    for index, field in (changes or {}).items():
        data[f"fields-{index}"] = field
    return client.post(f"/uploads/{uid}/mapping", data={**data, "action": action})


@pytest.fixture
def compliance_a(app: Flask, tenant_a: Tenant) -> FlaskClient:
    return signed_in(app, tenant_a, "compliance")
