"""Jobs on the real Redis, run by a real `supplychain worker` process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from redis import Redis
from rq.job import Job as RQJob

from sample_data.generate import generate_suppliers, write_csv
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Job, Upload
from supplychain.services import imports, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.rq_runner import RQRunner
from tests.conftest import REDIS_URL
from tests.integration.conftest import Tenant

pytestmark = pytest.mark.redis


@pytest.fixture
def rq_settings(settings: Settings) -> Settings:
    return replace(settings, redis_url=REDIS_URL)


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment a `supplychain` process needs to work on this test's database and queue."""
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "SUPPLYCHAIN_QUEUE": settings.queue_name,
        "SUPPLYCHAIN_INSTANCE_DIR": str(settings.instance_dir),
        "SUPPLYCHAIN_JOB_TIMEOUT": str(settings.job_timeout_seconds),
    }


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "supplychain.cli", *args]


def run_worker_burst(settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli("worker", "--burst"),
        env=worker_env(settings),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def queue_file(settings: Settings, db: Database, tenant: Tenant, path: Path) -> Job:
    with db.transaction() as s:
        upload, _ = uploads.register(
            s, tenant.company_id, None, path, path.name, settings.upload_dir
        )
        upload_id = upload.id
    return imports.queue_import(
        JobContext(db, settings), RQRunner(settings), tenant.company_id, upload_id, None
    )


def test_worker_runs_import_with_progress_and_result(
    rq_settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_text(
        "Supplier Name,Country,Sector\nAlpha Textiles,Bangladesh,Apparel\n"
        "Beta Cocoa,Ghana,Agriculture\nGamma Ltd,Narnia,Apparel\n",
        encoding="utf-8",
    )
    job = queue_file(rq_settings, db, tenant_a, path)
    done = run_worker_burst(rq_settings)
    assert done.returncode == 0, done.stderr[-2000:]
    with db.reading() as s:
        row = s.get(Job, job.id)
        upload = s.get(Upload, row.target_id)
    assert (row.status, row.progress, row.stage) == ("finished", 1.0, "done")
    assert row.result == {
        "upload_id": upload.id,
        "status": "done",
        "rows": 3,
        "imported": 2,
        "invalid": 1,
        "warnings": row.result["warnings"],
    }
    assert row.rq_id == RQRunner(rq_settings).rq_id(job.id) and upload.status == "done"
    rq_job = RQJob.fetch(row.rq_id, connection=Redis.from_url(REDIS_URL))
    assert rq_job.meta["stage"] == "done" and rq_job.meta["progress"] == 1.0
    assert rq_job.return_value()["imported"] == 2


def watch_job(db: Database, job_id: int, worker: subprocess.Popen[str]) -> list[tuple]:
    """Poll the job's row while the worker runs it: each distinct (status, stage, progress)."""
    seen: list[tuple] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        with db.reading() as s:
            row = s.get(Job, job_id)
            state = (row.status, row.stage, row.progress)
        if not seen or seen[-1] != state:
            seen.append(state)
        if state[0] in ("finished", "failed") or worker.poll() is not None:
            return seen
        time.sleep(0.01)
    return seen


def test_progress_is_seen_while_the_worker_runs_the_job(
    rq_settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    write_csv(generate_suppliers(20_000, seed=3, bad_rows=False), path)
    job = queue_file(rq_settings, db, tenant_a, path)
    worker = subprocess.Popen(
        cli("worker", "--burst"),
        env=worker_env(rq_settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = watch_job(db, job.id, worker)
    finally:
        _, stderr = worker.communicate(timeout=240)
    assert worker.returncode == 0, stderr[-2000:]
    running = [(stage, progress) for status, stage, progress in seen if status == "started"]
    assert any(0 < progress < 1 for _stage, progress in running), seen
    assert {"scoring", "storing"} & {stage for stage, _progress in running}, seen
    progress = [p for _status, _stage, p in seen]
    assert progress == sorted(progress), seen  # it only moves forward
    assert seen[-1] == ("finished", "done", 1.0), seen


def test_failing_job_is_recorded_failed_with_its_reason(
    rq_settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "not-a-workbook.xlsx"
    path.write_bytes(b"<html><body>this is a web page, not a spreadsheet</body></html>")
    job = queue_file(rq_settings, db, tenant_a, path)
    done = run_worker_burst(rq_settings)
    assert done.returncode == 0, done.stderr[-2000:]
    with db.reading() as s:
        row = s.get(Job, job.id)
        upload = s.get(Upload, row.target_id)
    assert row.status == "failed" and upload.status == "rejected"
    assert row.error == upload.error and "not-a-workbook.xlsx" in row.error
    rq_job = RQJob.fetch(row.rq_id, connection=Redis.from_url(REDIS_URL))
    assert rq_job.is_failed and rq_job.retries_left == 0


def test_a_job_is_never_on_the_queue_twice(
    rq_settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "one.csv"
    path.write_text("Supplier Name,Country\nAlpha Textiles,Bangladesh\n", encoding="utf-8")
    job = queue_file(rq_settings, db, tenant_a, path)
    runner = RQRunner(rq_settings)
    assert runner.submit(job.id) == runner.rq_id(job.id)  # a second submission is absorbed
    assert runner.queue.count == 1 and runner.is_known(runner.rq_id(job.id))
    runner.discard(runner.rq_id(job.id))
    assert runner.queue.count == 0 and not runner.is_known(runner.rq_id(job.id))
