"""Eight uploads at once through the API, with readers listing suppliers meanwhile: every upload
lands and nobody sees "database is locked" (SQLite: WAL + BEGIN IMMEDIATE; and PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from sample_data.generate import generate_suppliers, write_csv
from supplychain.db.engine import Database
from supplychain.db.models import Job, SupplierRecord, Upload
from tests.integration.api.conftest import Api, make_tokens
from tests.integration.conftest import Tenant

UPLOADS = 8
ROWS = 150


def test_eight_concurrent_uploads_all_land(
    app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant, tmp_path: Path
) -> None:
    tokens = [make_tokens(db, tenant_a)["compliance"], make_tokens(db, tenant_b)["admin"]]
    files = []
    for n in range(UPLOADS):
        path = tmp_path / f"list-{n}.csv"
        write_csv(generate_suppliers(ROWS, seed=100 + n), path)
        files.append(path)
    start = threading.Barrier(UPLOADS + 2)
    uploading = threading.Event()
    uploading.set()

    def upload(n: int) -> tuple[int, dict]:
        api = Api(app.test_client(), tokens[n % 2])
        start.wait()
        response = api.upload(files[n].read_bytes(), files[n].name)
        return response.status_code, response.json

    def read(n: int) -> list[int]:
        api = Api(app.test_client(), tokens[n % 2])
        start.wait()
        statuses = []
        while uploading.is_set():
            statuses.append(api.get("/suppliers?per_page=20").status_code)
        return statuses

    with ThreadPoolExecutor(UPLOADS + 2) as pool:
        readers = [pool.submit(read, n) for n in range(2)]
        answers = [f.result(timeout=600) for f in [pool.submit(upload, n) for n in range(UPLOADS)]]
        uploading.clear()
        reads = [status for r in readers for status in r.result(timeout=60)]
    assert [status for status, _ in answers] == [202] * UPLOADS, answers
    assert reads and set(reads) == {200}
    with db.reading() as s:
        uploads = s.scalars(select(Upload).order_by(Upload.id)).all()
        errors = s.scalars(select(Job.error).where(Job.error.is_not(None))).all()
        records = s.scalar(select(func.count()).select_from(SupplierRecord))
    assert [u.status for u in uploads] == ["done"] * UPLOADS, [u.error for u in uploads]
    assert errors == [] and not any("locked" in (u.error or "") for u in uploads)
    assert records == sum(u.rows_imported for u in uploads) > 0


def test_the_same_file_sent_eight_times_at_once_is_one_upload(
    app: Flask, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    token = make_tokens(db, tenant_a)["compliance"]
    path = tmp_path / "double-click.csv"
    write_csv(generate_suppliers(ROWS, seed=7), path)
    content = path.read_bytes()
    start = threading.Barrier(UPLOADS)

    def upload(_n: int) -> tuple[int, dict]:
        api = Api(app.test_client(), token)
        start.wait()
        response = api.upload(content, path.name)
        return response.status_code, response.json

    with ThreadPoolExecutor(UPLOADS) as pool:
        answers = list(pool.map(upload, range(UPLOADS)))
    assert [status for status, _ in answers] == [202] * UPLOADS, answers
    assert len({body["id"] for _, body in answers}) == 1
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 1
        assert s.scalar(select(func.count()).select_from(Job)) == 1
        upload_row = s.scalars(select(Upload)).one()
        records = s.scalar(select(func.count()).select_from(SupplierRecord))
    assert upload_row.status == "done" and records == upload_row.rows_imported
