"""``/api/v1/evidence-packs``: request, follow and download packs with bearer tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from supplychain.db.engine import Database
from supplychain.evidence.verify import INTACT, verify_pack
from supplychain.services import evidence
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.conftest import Tenant
from tests.integration.evidence.conftest import EVIDENCE_KEY, Company

PACKS = "/api/v1/evidence-packs"


def call(client: FlaskClient, token: str, method: str, path: str, **kwargs: Any) -> TestResponse:
    return client.open(path, method=method, headers=bearer(token), **kwargs)


def test_an_auditor_requests_follows_and_downloads_a_pack(
    app: Flask, db: Database, company_a: Company, tmp_path: Path
) -> None:
    token = make_tokens(db, company_a.tenant)["auditor"]
    client = app.test_client()
    chosen = company_a.supplier_ids[:2]
    created = call(
        client, token, "POST", PACKS, json={"date_from": "2026-01-01", "supplier_ids": chosen}
    )
    assert created.status_code == 202, created.json
    assert created.json["status"] == "done" and created.json["job_id"]
    pack = call(client, token, "GET", f"{PACKS}/{created.json['id']}").json
    assert pack["supplier_ids"] == chosen and pack["date_from"] == "2026-01-01"
    assert pack["progress"] == 1.0 and pack["download"].endswith("/download")
    listed = call(client, token, "GET", PACKS).json["items"]
    assert [p["id"] for p in listed] == [pack["id"]]
    zipped = call(client, token, "GET", pack["download"])
    assert zipped.status_code == 200 and zipped.mimetype == "application/zip"
    saved = tmp_path / "pack.zip"
    saved.write_bytes(zipped.data)
    assert verify_pack(saved, EVIDENCE_KEY.encode()).status == INTACT
    document = client.get("/api/v1/openapi.json").json
    assert {
        "/evidence-packs",
        "/evidence-packs/{pack_id}",
        "/evidence-packs/{pack_id}/download",
    } <= set(document["paths"])


def test_roles_and_companies(
    app: Flask, db: Database, company_a: Company, company_b: Company
) -> None:
    tokens_a, tokens_b = make_tokens(db, company_a.tenant), make_tokens(db, company_b.tenant)
    client = app.test_client()
    pack_id = call(client, tokens_a["compliance"], "POST", PACKS, json={}).json["id"]
    for path in (f"{PACKS}/{pack_id}", f"{PACKS}/{pack_id}/download"):
        assert call(client, tokens_a["admin"], "GET", path).status_code == 200, path
        assert call(client, tokens_a["executive"], "GET", path).status_code == 403, path
        for role in ("admin", "auditor"):
            assert call(client, tokens_b[role], "GET", path).status_code == 404, path
        assert client.get(path).status_code == 401
    assert call(client, tokens_a["executive"], "POST", PACKS, json={}).status_code == 403
    assert call(client, tokens_b["auditor"], "GET", PACKS).json["items"] == []
    assert call(client, tokens_a["auditor"], "GET", f"{PACKS}/2147483647").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("not json", 400, "JSON object"),
        ({"supplier_ids": ["a"]}, 400, "supplier_ids"),
        ({"supplier_ids": 3}, 400, "supplier_ids"),
        ({"supplier_ids": {}}, 400, "supplier_ids"),
        ({"supplier_ids": None}, 400, "supplier_ids"),
        ({"supplier_ids": [True]}, 400, "supplier_ids"),
        ({"date_from": "2026-13-01"}, 400, "date_from"),
        ({"date_to": 20260101}, 400, "date_to"),
        ({"colour": "red"}, 400, "Unknown field 'colour'"),
        ({"supplier_ids": [2147483647]}, 404, "No supplier 2147483647"),
    ],
)
def test_bad_requests_are_explained(
    app: Flask, db: Database, tenant_a: Tenant, body: Any, status: int, message: str
) -> None:
    token = make_tokens(db, tenant_a)["auditor"]
    kwargs = (
        {"data": body, "content_type": "text/plain"} if isinstance(body, str) else {"json": body}
    )
    answer = call(app.test_client(), token, "POST", PACKS, **kwargs)
    assert answer.status_code == status and message in answer.json["error"]


def test_a_pack_not_built_yet_cannot_be_downloaded(
    app: Flask, db: Database, company_a: Company
) -> None:
    with db.transaction() as s:
        pack, _ = evidence.request_pack(
            s, company_a.tenant.company_id, None, evidence.PackRequest()
        )
    token = make_tokens(db, company_a.tenant)["auditor"]
    client = app.test_client()
    assert call(client, token, "GET", f"{PACKS}/{pack.id}").json["status"] == "queued"
    answer = call(client, token, "GET", f"{PACKS}/{pack.id}/download")
    assert answer.status_code == 409 and "not ready" in answer.json["error"]


def test_a_period_given_backwards_is_the_same_span(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    token = make_tokens(db, tenant_a)["auditor"]
    client = app.test_client()
    body = {"date_from": "2026-03-31", "date_to": "2026-01-01"}
    created = call(client, token, "POST", PACKS, json=body)
    assert created.status_code == 202, created.json
    pack = call(client, token, "GET", f"{PACKS}/{created.json['id']}").json
    assert (pack["date_from"], pack["date_to"], pack["status"]) == (
        "2026-01-01",
        "2026-03-31",
        "done",
    )
