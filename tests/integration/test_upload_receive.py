"""Receiving a file: one stored copy per company and content, even when the same file arrives
twice at once, and no stray copy when the transaction that stored it rolls back."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Upload
from supplychain.services import uploads
from tests.integration.conftest import Tenant

SENDERS = 6


def _stored_files(settings: Settings) -> list[Path]:
    return sorted(settings.upload_dir.glob("*/*.upload"))


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "suppliers.csv"
    path.write_text("Supplier Name,Country\nAcme Garments,Viet Nam\n", encoding="utf-8")
    return path


def test_a_rolled_back_transaction_leaves_no_stored_copy(
    db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError), db.transaction() as s:
        upload, created = uploads.register(
            s, tenant_a.company_id, None, _sample(tmp_path), "suppliers.csv", settings.upload_dir
        )
        assert created and Path(upload.stored_path).is_file()
        raise RuntimeError("something later in the same transaction failed")
    assert _stored_files(settings) == []
    upload, created = uploads.receive(
        db, tenant_a.company_id, None, _sample(tmp_path), "suppliers.csv", settings.upload_dir
    )
    assert created and _stored_files(settings) == [Path(upload.stored_path)]


def test_the_same_file_sent_at_once_makes_one_upload(
    db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    source = _sample(tmp_path)
    start = threading.Barrier(SENDERS)

    def send(n: int) -> tuple[int, bool]:
        start.wait()
        upload, created = uploads.receive(
            db, tenant_a.company_id, None, source, f"copy-{n}.csv", settings.upload_dir
        )
        return upload.id, created

    with ThreadPoolExecutor(SENDERS) as pool:
        answers = list(pool.map(send, range(SENDERS)))
    assert len({upload_id for upload_id, _ in answers}) == 1
    assert sorted(created for _, created in answers) == [False] * (SENDERS - 1) + [True]
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 1
    assert len(_stored_files(settings)) == 1


def test_the_sent_name_is_never_used_as_a_path(
    db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    sent = "../../outside/a.php\\..\\suppliers.csv"
    upload, created = uploads.receive(
        db, tenant_a.company_id, None, _sample(tmp_path), sent, settings.upload_dir
    )
    stored = Path(upload.stored_path)
    assert created and _stored_files(settings) == [stored]  # under the upload directory
    assert re.fullmatch(r"[0-9a-f]{32}\.upload", stored.name)
    assert (
        upload.file_name == "suppliers.csv"
        and not (settings.upload_dir.parent / "outside").exists()
    )
