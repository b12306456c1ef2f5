"""Evidence packs in the browser UI: who may request and download them, and whose they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from supplychain.evidence.verify import INTACT, verify_pack
from tests.integration.conftest import csrf_from, login
from tests.integration.evidence.conftest import EVIDENCE_KEY, Company


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def request_pack(client: FlaskClient, **fields: str) -> int:
    token = csrf_from(client.get("/evidence/").get_data(as_text=True))
    answer = client.post("/evidence/", data={"csrf_token": token, **fields})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    found = re.fullmatch(r".*/evidence/(\d+)", answer.headers["Location"])
    assert found, answer.headers["Location"]
    return int(found.group(1))


def test_an_auditor_requests_follows_and_downloads_a_pack(
    app: Flask, company_a: Company, tmp_path: Path
) -> None:
    client = signed_in(app, company_a.tenant.emails["auditor"])
    page = client.get("/evidence/").get_data(as_text=True)
    assert "Request a pack" in page and 'name="date_from"' in page
    pack_id = request_pack(client, date_from="2026-01-01", date_to="2030-12-31", suppliers="")
    shown = client.get(f"/evidence/{pack_id}").get_data(as_text=True)
    assert "The pack is ready" in shown and 'id="download"' in shown
    status = client.get(f"/evidence/{pack_id}/status").json
    assert status["finished"] and status["status"] == "done" and status["progress"] == 1.0
    listing = client.get("/evidence/").get_data(as_text=True)
    assert f"Pack {pack_id}" in listing and "2026-01-01 – 2030-12-31" in listing
    download = client.get(f"/evidence/{pack_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert f"evidence-pack-{pack_id}.zip" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    saved = tmp_path / "downloaded.zip"
    saved.write_bytes(download.data)
    assert verify_pack(saved, EVIDENCE_KEY.encode()).status == INTACT


def test_one_supplier_from_the_form_and_bad_input_is_explained(
    app: Flask, company_a: Company, company_b: Company
) -> None:
    client = signed_in(app, company_a.tenant.emails["compliance"])
    pack_id = request_pack(client, suppliers=f" {company_a.supplier_ids[1]} ")
    assert client.get(f"/evidence/{pack_id}/status").json["status"] == "done"
    token = csrf_from(client.get("/evidence/").get_data(as_text=True))
    for fields, message in [
        ({"suppliers": "12; drop table"}, "List supplier ids as numbers"),
        ({"suppliers": str(company_b.supplier_ids[0])}, f"No supplier {company_b.supplier_ids[0]}"),
        ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "after its end date"),
    ]:
        answer = client.post(
            "/evidence/", data={"csrf_token": token, **fields}, follow_redirects=True
        )
        assert answer.status_code == 200 and message in answer.get_data(as_text=True)


def test_an_executive_may_not_touch_packs(app: Flask, company_a: Company) -> None:
    owner = signed_in(app, company_a.tenant.emails["admin"])
    pack_id = request_pack(owner)
    client = signed_in(app, company_a.tenant.emails["executive"])
    for path in (
        "/evidence/",
        f"/evidence/{pack_id}",
        f"/evidence/{pack_id}/status",
        f"/evidence/{pack_id}/download",
    ):
        assert client.get(path).status_code == 403, path
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/evidence/", data={"csrf_token": token}).status_code == 403
    assert "Evidence packs" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_another_companys_pack_is_not_found(
    app: Flask, company_a: Company, company_b: Company, role: str
) -> None:
    pack_id = request_pack(signed_in(app, company_a.tenant.emails["auditor"]))
    client = signed_in(app, company_b.tenant.emails[role])
    for path in (
        f"/evidence/{pack_id}",
        f"/evidence/{pack_id}/status",
        f"/evidence/{pack_id}/download",
        "/evidence/999999",
    ):
        assert client.get(path).status_code == 404, path
    assert f"Pack {pack_id}<" not in client.get("/evidence/").get_data(as_text=True)


def test_anonymous_visitors_and_forged_posts_are_refused(app: Flask, company_a: Company) -> None:
    anonymous = app.test_client()
    assert anonymous.get("/evidence/").status_code == 302
    assert anonymous.get("/evidence/1/download").status_code == 302
    client = signed_in(app, company_a.tenant.emails["auditor"])
    assert client.post("/evidence/", data={"date_from": "2026-01-01"}).status_code == 400
