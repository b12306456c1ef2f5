"""POST /api/v1/uploads and GET /api/v1/uploads/{id} on the real app, both databases."""

from __future__ import annotations

import socket
from dataclasses import replace

from flask import Flask
from sqlalchemy import func, select

from app import create_app
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import AuditEvent, Job, Supplier, SupplierRecord, Upload
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from supplychain.tasks.rq_runner import RQRunner
from tests.integration.api.conftest import A_ROWS, Api, bearer, supplier_csv


def count(db: Database, stmt) -> int:
    with db.reading() as s:
        return s.scalar(stmt)


def audit_actions(db: Database, action: str) -> int:
    return count(db, select(func.count()).where(AuditEvent.action == action))


def test_upload_is_accepted_imported_and_followed(api_a: Api, db: Database) -> None:
    sent = api_a.upload(supplier_csv(), "acme.csv")
    assert sent.status_code == 202
    assert set(sent.json) == {"id", "status", "job_id"} and sent.json["status"] == "done"
    got = api_a.get(f"/uploads/{sent.json['id']}")
    assert got.status_code == 200
    body = got.json
    assert (body["id"], body["status"], body["progress"]) == (sent.json["id"], "done", 1.0)
    assert body["file_name"] == "acme.csv" and body["error"] is None
    assert body["report"]["summary"]["rows"] == len(A_ROWS)
    records = select(func.count()).select_from(SupplierRecord)
    assert count(db, records) == len(A_ROWS)
    assert not list((db_upload_dir(api_a) / "incoming").iterdir())  # no temp file left


def db_upload_dir(api: Api):
    return api.client.application.extensions["supplychain.settings"].upload_dir


def test_same_content_again_returns_the_existing_upload(api_a: Api, db: Database) -> None:
    first = api_a.upload(supplier_csv(), "acme.csv")
    again = api_a.upload(supplier_csv(), "acme-copy.csv")
    assert again.status_code == 202 and again.json == first.json
    assert count(db, select(func.count()).select_from(Job)) == 1
    assert count(db, select(func.count()).select_from(SupplierRecord)) == len(A_ROWS)
    assert audit_actions(db, "upload.received") == 1


def test_resending_a_failed_upload_retries_it(api_a: Api, db: Database) -> None:
    content = supplier_csv((*A_ROWS, ("A-009", "Nowhere Traders", "Narnia", "", "", "", "")))
    first = api_a.upload(content, "strict.csv", strict="true")
    assert first.json["status"] == "failed"
    shown = api_a.get(f"/uploads/{first.json['id']}").json
    assert "Strict import refused" in shown["error"] and shown["report"]["summary"]["invalid"] == 1
    again = api_a.upload(content, "strict.csv", strict="true")
    assert again.json["id"] == first.json["id"] and again.json["job_id"] != first.json["job_id"]
    assert audit_actions(db, "upload.retried") == 1
    assert count(db, select(func.count()).select_from(SupplierRecord)) == 0


def test_a_rejected_file_is_reported_and_not_retried(api_a: Api) -> None:
    page = b"<html><body>not a spreadsheet</body></html>"
    first = api_a.upload(page, "list.xlsx")
    assert first.status_code == 202 and first.json["status"] == "rejected"
    shown = api_a.get(f"/uploads/{first.json['id']}").json
    assert shown["status"] == "rejected" and "list.xlsx" in shown["error"]
    assert api_a.upload(page, "list.xlsx").json == first.json


def test_a_windows_1252_file_is_refused_with_a_preview_until_its_encoding_is_confirmed(
    api_a: Api, db: Database
) -> None:
    content = "Supplier Name;Country\nSão Paulo Têxteis;Brazil\nMüller Garne GmbH;Germany\n"
    refused = api_a.upload(content.encode("cp1252"), "export.csv")
    assert refused.status_code == 422 and set(refused.json) == {"error", "reference", "preview"}
    assert refused.json["preview"] == ["Müller", "São", "Têxteis"]
    assert refused.json["error"].startswith("export.csv: the file is not UTF-8")
    assert "send it again with the field encoding=cp1252" in refused.json["error"]
    for table in (Upload, Job):
        assert count(db, select(func.count()).select_from(table)) == 0
    assert audit_actions(db, "upload.received") == 0
    assert not [p for p in db_upload_dir(api_a).rglob("*") if p.is_file()]  # nor a stored file
    sent = api_a.upload(content.encode("cp1252"), "export.csv", encoding="cp1252")
    assert sent.status_code == 202 and sent.json["status"] == "done", sent.json
    with db.reading() as s:
        names = s.scalars(select(Supplier.name).order_by(Supplier.name)).all()
    assert names == ["Müller Garne GmbH", "São Paulo Têxteis"]
    warnings = api_a.get(f"/uploads/{sent.json['id']}").json["report"]["warnings"]
    assert any("read as Windows-1252" in w["message"] for w in warnings)
    other = api_a.upload(content.encode("cp1252"), "other.csv", encoding="latin-1")
    assert other.status_code == 400 and "encoding must be one of cp1252" in other.json["error"]


def test_bad_requests_answer_400_with_a_json_reason(api_a: Api) -> None:
    no_file = api_a.client.post(
        "/api/v1/uploads", headers=bearer(api_a.token), data={"sheet": "Suppliers"}
    )
    assert no_file.status_code == 400 and "'file'" in no_file.json["error"]
    as_json = api_a.client.post("/api/v1/uploads", headers=bearer(api_a.token), json={"a": 1})
    assert as_json.status_code == 400
    bad_flag = api_a.upload(supplier_csv(), strict="perhaps")
    assert bad_flag.status_code == 400 and "strict" in bad_flag.json["error"]
    bad_sheet = api_a.upload(supplier_csv(), sheet="Sup\x00pliers")
    assert bad_sheet.status_code == 400 and "sheet" in bad_sheet.json["error"]
    long_sheet = api_a.upload(supplier_csv(), sheet="x" * 256)
    assert long_sheet.status_code == 400


def test_body_over_the_limit_is_413_json(settings: Settings, db: Database, tokens_a) -> None:
    small = replace(settings, max_upload_bytes=4096)
    app = create_app(small, runner=InProcessRunner(JobContext(db, small), background=False))
    api = Api(app.test_client(), tokens_a["admin"])
    response = api.upload(b"x" * 10_000, "big.csv")
    assert response.status_code == 413
    assert "limit" in response.json["error"] and response.json["reference"]
    app.extensions["supplychain.db"].dispose()


def test_a_form_of_thousands_of_parts_is_413_and_imports_nothing(api_a: Api, db: Database) -> None:
    fields = {f"field{i}": "x" for i in range(2000)}  # RELIABILITY #2: MAX_FORM_PARTS is 100
    response = api_a.upload(supplier_csv(), **fields)
    assert response.status_code == 413 and "error" in response.json
    assert count(db, select(func.count()).select_from(SupplierRecord)) == 0


def test_tokens_and_roles(app: Flask, tokens_a: dict[str, str], imported: dict[str, int]) -> None:
    client = app.test_client()
    anonymous = client.post("/api/v1/uploads", data={})
    assert anonymous.status_code == 401 and anonymous.json["error"]
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get(f"/api/v1/uploads/{imported['a']}", headers=bearer("sc_not-a-token"))
    assert wrong.status_code == 401
    for role in ("executive", "auditor"):
        refused = Api(client, tokens_a[role]).upload(supplier_csv(), "x.csv")
        assert refused.status_code == 403 and refused.json["error"]
        assert Api(client, tokens_a[role]).get(f"/uploads/{imported['a']}").status_code == 200


def test_other_company_upload_is_404_like_a_missing_one(
    api_a: Api, api_b: Api, imported: dict[str, int]
) -> None:
    foreign = api_b.get(f"/uploads/{imported['a']}")
    missing = api_b.get("/uploads/99999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json["error"].replace(str(imported["a"]), "N") == missing.json["error"].replace(
        "99999", "N"
    )
    assert "acmemark" not in foreign.get_data(as_text=True).lower()
    assert api_b.get(f"/uploads/{2**31}").status_code == 404  # out of range: 404, never 500


def test_wrong_method_unknown_path_and_rate_limit(app: Flask, tokens_a: dict[str, str]) -> None:
    client = app.test_client()
    headers = bearer(tokens_a["admin"])
    deleted = client.delete("/api/v1/uploads", headers=headers)
    assert deleted.status_code == 405 and "POST" in deleted.headers["Allow"]
    assert deleted.json["error"]
    unknown = client.get("/api/v1/nothing-here", headers=headers)
    assert unknown.status_code == 404 and unknown.json["error"]
    statuses = [client.post("/api/v1/uploads", headers=headers).status_code for _ in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
    limited = client.post("/api/v1/uploads", headers=headers)
    assert limited.status_code == 429 and limited.json["error"]
    other = client.post("/api/v1/uploads", headers=bearer(tokens_a["compliance"]))
    assert other.status_code == 400  # another token has its own allowance


def test_queue_down_answers_503_and_keeps_the_upload(
    settings: Settings, db: Database, tokens_a: dict[str, str]
) -> None:
    with socket.socket() as sock:  # a port where nothing listens: Redis is down
        sock.bind(("127.0.0.1", 0))
        down = replace(settings, redis_url=f"redis://127.0.0.1:{sock.getsockname()[1]}/0")
    app = create_app(down, runner=RQRunner(down))
    api = Api(app.test_client(), tokens_a["compliance"])
    refused = api.upload(supplier_csv(), "acme.csv")
    assert refused.status_code == 503 and "saved" in refused.json["error"]
    assert int(refused.headers["Retry-After"]) > 0
    again = api.upload(supplier_csv(), "acme.csv")  # the client retries: the upload was saved
    assert again.status_code == 202 and again.json["status"] == "queued"
    with db.reading() as s:
        job = s.scalars(select(Job)).one()  # one job, waiting for the sweeper to queue it
    assert (job.status, job.rq_id, again.json["job_id"]) == ("queued", None, job.id)
    app.extensions["supplychain.db"].dispose()
