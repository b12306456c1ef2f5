"""The upload flow through the real app on both databases: preview, mapping, import, status."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import (
    AuditEvent,
    ColumnMappingPreset,
    Supplier,
    SupplierRecord,
    Upload,
)
from supplychain.ingest.mapping import header_fingerprint
from supplychain.services import imports, previews, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import Tenant, csrf_from
from tests.integration.web.conftest import (
    post_mapping,
    signed_in,
    upload,
    upload_id,
    workbook,
)

PROVINCE = 5  # column F, "Province/State": not recognised automatically


def _actions(db: Database, company_id: int) -> list[str]:
    with db.reading() as s:
        stmt = select(AuditEvent.action).where(AuditEvent.company_id == company_id)
        return list(s.scalars(stmt.order_by(AuditEvent.seq)))


def _upload_row(db: Database, uid: int) -> Upload:
    with db.reading() as s:
        return s.get(Upload, uid)


def test_preview_shows_errors_then_confirm_imports_the_valid_rows(
    compliance_a: FlaskClient, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    sent = upload(compliance_a, workbook(tmp_path), "q3 suppliers.xlsx")
    assert sent.status_code == 302
    uid = upload_id(sent)
    page = compliance_a.get(f"/uploads/{uid}").get_data(as_text=True)
    assert "q3 suppliers.xlsx" in page and "Suppliers" in page  # the sheet that was read
    assert "Narnia" in page and "unknown country" in page
    assert '<td class="num">9</td>' in page and "<code>C</code>" in page  # row 9, column C
    assert "import 53 valid rows" in page
    assert _upload_row(db, uid).status == "previewed"
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Supplier)) == 0  # nothing imported yet

    confirmed = post_mapping(compliance_a, uid, "confirm")
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/progress")
    status = compliance_a.get(f"/uploads/{uid}/status")
    assert status.headers["Cache-Control"] == "no-store"
    state = status.get_json()
    assert (state["status"], state["finished"], state["progress"]) == ("done", True, 1.0)
    assert state["summary"] == {
        "rows": 60,
        "valid": 53,
        "invalid": 7,
        "imported": 53,
        "warnings": state["summary"]["warnings"],
    }
    progress = compliance_a.get(f"/uploads/{uid}/progress").get_data(as_text=True)
    assert "53 supplier rows imported" in progress and "Narnia" in progress

    stored = _upload_row(db, uid)
    assert stored.mapping and stored.mapping["Supplier Name"] == "supplier_name"
    assert stored.mapping["Province/State"] == ""
    with db.reading() as s:
        preset = s.scalar(select(ColumnMappingPreset))
        assert preset is not None and preset.mapping == stored.mapping
    actions = _actions(db, tenant_a.company_id)
    for action in ("upload.received", "upload.previewed", "mapping.saved", "upload.confirmed"):
        assert action in actions
    assert actions[-1] == "upload.imported"


def test_error_workbook_lists_every_error(compliance_a: FlaskClient, tmp_path: Path) -> None:
    uid = upload_id(upload(compliance_a, workbook(tmp_path)))
    got = compliance_a.get(f"/uploads/{uid}/errors.xlsx")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "-errors.xlsx" in got.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(got.data), read_only=True)
    rows = list(book["Errors"].iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Row", "Column", "Header", "Value", "Message")
    assert ("Suppliers", 9, "C", "Country", "Narnia") in {r[:5] for r in rows[1:]}
    assert len(rows) - 1 == 7


def test_edited_mapping_is_previewed_saved_and_reused_for_the_same_headers(
    compliance_a: FlaskClient, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    uid = upload_id(upload(compliance_a, workbook(tmp_path)))
    edited = post_mapping(compliance_a, uid, "preview", {PROVINCE: "region"})
    assert edited.status_code == 302
    page = compliance_a.get(f"/uploads/{uid}").get_data(as_text=True)
    assert "Your edited mapping" in page
    assert _upload_row(db, uid).report["columns"][PROVINCE]["field"] == "region"
    post_mapping(compliance_a, uid, "confirm")
    assert _upload_row(db, uid).status == "done"
    with db.reading() as s:
        with_region = select(func.count()).where(SupplierRecord.region.is_not(None))
        assert s.scalar(with_region) == 53
        saved = uploads.saved_mapping(s, tenant_a.company_id, _fingerprint(db, uid))
        assert saved is not None and saved["Province/State"] == "region"

    second = upload_id(upload(compliance_a, workbook(tmp_path, seed=4), "next quarter.xlsx"))
    assert second != uid
    page = compliance_a.get(f"/uploads/{second}").get_data(as_text=True)
    assert "Prefilled from the mapping your company confirmed" in page
    assert _upload_row(db, second).report["columns"][PROVINCE]["field"] == "region"
    assert _upload_row(db, second).mapping["Province/State"] == "region"


def _fingerprint(db: Database, uid: int) -> str:
    return header_fingerprint([c["header"] for c in _upload_row(db, uid).report["columns"]])


def test_confirming_an_unpreviewed_mapping_previews_it_first(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    uid = upload_id(upload(compliance_a, workbook(tmp_path)))
    answer = post_mapping(compliance_a, uid, "confirm", {PROVINCE: "region"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/uploads/{uid}")
    row = _upload_row(db, uid)
    assert row.status == "previewed" and row.report["columns"][PROVINCE]["field"] == "region"
    assert "The mapping changed since the preview" in compliance_a.get(f"/uploads/{uid}").get_data(
        as_text=True
    )


def test_an_unusable_mapping_is_explained_and_changes_nothing(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    uid = upload_id(upload(compliance_a, workbook(tmp_path)))
    before = _upload_row(db, uid).report
    twice = post_mapping(compliance_a, uid, "preview", {PROVINCE: "supplier_name"})
    assert twice.status_code == 400
    assert "are both mapped to Supplier name" in twice.get_data(as_text=True)
    missing = post_mapping(compliance_a, uid, "preview", {2: ""})
    assert missing.status_code == 400 and "Country" in missing.get_data(as_text=True)
    tampered = post_mapping(compliance_a, uid, "preview", {0: "not_a_field"})
    assert tampered.status_code == 400
    assert _upload_row(db, uid).report == before


def test_a_rejected_file_shows_its_reason_and_cannot_be_imported(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    fake = tmp_path / "suppliers.xlsx"
    fake.write_text("this is not a spreadsheet at all\n")
    uid = upload_id(upload(compliance_a, fake))
    page = compliance_a.get(f"/uploads/{uid}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "This file cannot be used" in html
    row = _upload_row(db, uid)
    assert row.status == "rejected" and row.error and row.error in html.replace("&#39;", "'")
    assert row.error.startswith("suppliers.xlsx: ") and "Traceback" not in html
    refused = compliance_a.post(
        f"/uploads/{uid}/mapping", data={"csrf_token": csrf_from(html), "action": "confirm"}
    )
    assert refused.status_code == 409 and _upload_row(db, uid).status == "rejected"


def test_a_file_with_unknown_headers_can_be_mapped_by_hand_and_imported(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    sent = tmp_path / "erp export.csv"
    sent.write_text(
        "Kreditor Bez,Sitz Staat,Intern\nAcme Garments,Viet Nam,1\nDelta Cocoa,Ghana,2\n"
    )
    uid = upload_id(upload(compliance_a, sent))
    html = compliance_a.get(f"/uploads/{uid}").get_data(as_text=True)
    assert 'id="header-not-found"' in html and "Kreditor Bez" in html and "Acme Garments" in html
    assert _upload_row(db, uid).status == "rejected"
    mapped = post_mapping(compliance_a, uid, "preview", {0: "supplier_name", 1: "country"})
    assert mapped.status_code == 302
    row = _upload_row(db, uid)
    assert row.status == "previewed" and row.report["summary"]["valid"] == 2
    assert [c["field"] for c in row.report["columns"]] == ["supplier_name", "country", None]
    post_mapping(compliance_a, uid, "confirm")
    with db.reading() as s:
        names = s.scalars(select(Supplier.name).order_by(Supplier.name)).all()
    assert names == ["Acme Garments", "Delta Cocoa"] and _upload_row(db, uid).status == "done"
    sent.write_text("Kreditor Bez,Sitz Staat,Intern\nBeta Textiles,Bangladesh,3\n")
    again = upload_id(upload(compliance_a, sent, "erp export march.csv"))
    html = compliance_a.get(f"/uploads/{again}").get_data(as_text=True)
    row = _upload_row(db, again)
    assert row.status == "previewed" and row.report["mapping_source"] == "saved"
    assert "Prefilled from the mapping your company confirmed" in html


def test_the_same_file_again_is_the_same_upload(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path)
    uid = upload_id(upload(compliance_a, path))
    post_mapping(compliance_a, uid, "confirm")
    again = upload(compliance_a, path, "copy of suppliers.xlsx")
    assert again.headers["Location"].endswith(f"/uploads/{uid}/progress")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 1
    listing = compliance_a.get("/uploads/").get_data(as_text=True)
    assert "already uploaded" in listing and "3-suppliers.xlsx" in listing


def test_uploading_needs_a_csrf_token_and_a_file(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    with workbook(tmp_path).open("rb") as fh:
        bare = compliance_a.post(
            "/uploads/", data={"file": (fh, "s.xlsx")}, content_type="multipart/form-data"
        )
    assert bare.status_code == 400
    token = csrf_from(compliance_a.get("/uploads/").get_data(as_text=True))
    empty = compliance_a.post("/uploads/", data={"csrf_token": token})
    assert empty.status_code == 302
    assert "Choose a file to upload" in compliance_a.get("/uploads/").get_data(as_text=True)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 0


def test_readers_cannot_upload_and_other_companies_get_404(
    app: Flask, compliance_a: FlaskClient, tenant_a: Tenant, tenant_b: Tenant, tmp_path: Path
) -> None:
    path = workbook(tmp_path)
    uid = upload_id(upload(compliance_a, path))
    post_mapping(compliance_a, uid, "confirm")
    for role in ("executive", "auditor"):
        reader = signed_in(app, tenant_a, role)
        assert upload(reader, path).status_code == 403
        assert reader.get(f"/uploads/{uid}").status_code == 403
        assert reader.get(f"/uploads/{uid}/errors.xlsx").status_code == 403
        assert reader.get(f"/uploads/{uid}/progress").status_code == 200
        assert reader.get(f"/uploads/{uid}/status").status_code == 200
        assert "Upload and preview" not in reader.get("/uploads/").get_data(as_text=True)
    other = signed_in(app, tenant_b, "admin")
    token = csrf_from(other.get("/uploads/").get_data(as_text=True))
    for path_ in ("", "/progress", "/status", "/errors.xlsx"):
        assert other.get(f"/uploads/{uid}{path_}").status_code == 404
    for action in ("mapping", "preview", "retry"):
        posted = other.post(f"/uploads/{uid}/{action}", data={"csrf_token": token})
        assert posted.status_code == 404
    assert "3-suppliers.xlsx" not in other.get("/uploads/").get_data(as_text=True)
    anonymous = app.test_client().get(f"/uploads/{uid}/status")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_uploads_are_rate_limited_per_user(app: Flask, tenant_a: Tenant) -> None:
    client = signed_in(app, tenant_a, "compliance")
    token = csrf_from(client.get("/uploads/").get_data(as_text=True))
    answers = [client.post("/uploads/", data={"csrf_token": token}).status_code for _ in range(31)]
    assert answers[:30] == [302] * 30 and answers[30] == 429
    colleague = signed_in(app, tenant_a, "admin")  # another user is not held back
    theirs = csrf_from(colleague.get("/uploads/").get_data(as_text=True))
    assert colleague.post("/uploads/", data={"csrf_token": theirs}).status_code == 302


def test_a_preview_overtaken_by_a_newer_one_stores_nothing(
    compliance_a: FlaskClient, db: Database, settings: Settings, tmp_path: Path
) -> None:
    uid = upload_id(upload(compliance_a, workbook(tmp_path)))
    columns = _upload_row(db, uid).report["columns"]
    newer = {**{c["header"]: c["field"] or "" for c in columns}, "Province/State": "region"}

    def person_edits_meanwhile(done: int, total: int, stage: str) -> None:
        if stage.startswith("storing"):  # after reading, before storing
            with db.transaction() as s:
                row = s.get(Upload, uid)
                row.mapping, row.report = newer, None

    assert _upload_row(db, uid).mapping is None  # the automatic mapping was previewed
    previews.preview_upload(JobContext(db, settings), uid, None, person_edits_meanwhile)
    row = _upload_row(db, uid)
    assert row.mapping == newer and row.report is None  # left for the newer preview


def test_an_upload_never_previewed_still_has_an_error_workbook(
    compliance_a: FlaskClient, db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    """Uploads sent through the API are imported without a preview; the page makes one."""
    with db.transaction() as s:
        sent, _ = uploads.register(
            s, tenant_a.company_id, None, workbook(tmp_path), "api.xlsx", settings.upload_dir
        )
    ctx = JobContext(db, settings)
    imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), tenant_a.company_id, sent.id, None
    )
    got = compliance_a.get(f"/uploads/{sent.id}/errors.xlsx")
    assert got.status_code == 200 and len(load_workbook(io.BytesIO(got.data))["Errors"]["A"]) == 8


def test_a_windows_1252_file_is_imported_only_after_its_preview_is_confirmed(
    compliance_a: FlaskClient, db: Database, tmp_path: Path
) -> None:
    sent = tmp_path / "export.csv"
    sent.write_bytes(
        "Supplier name;Country\nSão Têxtil;Brasil\nCafé Ltda;Côte d'Ivoire\n".encode("cp1252")
    )
    uid = upload_id(upload(compliance_a, sent))
    page = compliance_a.get(f"/uploads/{uid}").get_data(as_text=True)
    assert "read as Windows-1252" in page and "São" in page and "Têxtil" in page
    assert _upload_row(db, uid).status == "previewed"
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Supplier)) == 0  # not before confirming
    post_mapping(compliance_a, uid, "confirm")
    with db.reading() as s:
        names = s.scalars(select(Supplier.name).order_by(Supplier.name)).all()
    assert names == ["Café Ltda", "São Têxtil"]
