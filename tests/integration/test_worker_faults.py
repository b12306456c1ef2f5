"""Faults on the job path, with the real Redis and real `supplychain worker` processes.

Each upload must end ``done`` or ``failed`` with a reason the user sees; nothing is lost, no
row is stored twice and no import is half-stored.

CI runs each scenario once per database. ``SUPPLYCHAIN_FAULT_RUNS=20`` runs each of them 20
times (the kill-9 harness of RELIABILITY.md; results in docs/running-at-scale.md).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job as RQJob
from sqlalchemy import func, select

from sample_data.generate import generate_suppliers, write_csv
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Assessment, Job, SupplierRecord, Upload
from supplychain.services import imports, jobs, sweeper, uploads
from supplychain.services.jobs import JobContext
from supplychain.tasks.rq_runner import QueueUnavailable, RQRunner
from tests.conftest import REDIS_URL
from tests.integration import test_rq_worker
from tests.integration.conftest import Tenant
from tests.integration.test_rq_worker import cli, queue_file, run_worker_burst, worker_env

pytestmark = pytest.mark.redis
ROWS = 12_000  # long enough to be killed while storing, short enough for a test
rq_settings = test_rq_worker.rq_settings  # the same fixture: this test's database on real Redis
RUNS = int(os.environ.get("SUPPLYCHAIN_FAULT_RUNS", "1"))


@pytest.fixture(autouse=True, params=range(RUNS), ids=lambda n: f"run{n}")
def fault_run(request: pytest.FixtureRequest) -> int:
    """Repeats every scenario ``RUNS`` times (the timing of a kill differs from run to run)."""
    return request.param


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / f"suppliers-{ROWS}.csv"
    write_csv(generate_suppliers(ROWS, seed=11), path)
    return path


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Far more rows than a machine imports within a one-second limit (and under 10 MB)."""
    path = tmp_path_factory.mktemp("huge") / "suppliers-45000.csv"
    write_csv(generate_suppliers(45_000, seed=12), path)
    return path


def small_file(directory: Path, n: int) -> Path:
    path = directory / f"small-{n}.csv"
    path.write_text(f"Supplier Name,Country\nSmall Supplier {n},Ghana\n", encoding="utf-8")
    return path


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def job_row(db: Database, job_id: int) -> Job:
    with db.reading() as s:
        return s.get(Job, job_id)


def upload_row(db: Database, upload_id: int) -> Upload:
    with db.reading() as s:
        return s.get(Upload, upload_id)


def stored(db: Database, upload_id: int) -> tuple[int, int, int]:
    """Records, distinct source rows and assessments this upload stored."""
    records = select(SupplierRecord).where(SupplierRecord.upload_id == upload_id).subquery()
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(records)),
            s.scalar(select(func.count(func.distinct(records.c.row_number)))),
            s.scalar(select(func.count()).where(Assessment.upload_id == upload_id)),
        )


def assert_imported_once(db: Database, upload_id: int) -> None:
    upload = upload_row(db, upload_id)
    assert upload.status == "done", upload.error
    assert upload.rows_imported > 0
    assert stored(db, upload_id) == (upload.rows_imported,) * 3  # no duplicate, none missing


def horse_pid(settings: Settings, job_id: int) -> int:
    rq_id = RQRunner(settings).rq_id(job_id)
    return int(RQJob.fetch(rq_id, connection=Redis.from_url(settings.redis_url)).meta["pid"])


@contextmanager
def running_worker(settings: Settings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A `supplychain worker` in its own session; stopped (and reaped) at the end."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cli("worker"),
            env=worker_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            with suppress(ProcessLookupError):  # also takes down a leftover scheduler child
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            print(log.read_text(errors="replace")[-20_000:])  # shown when the test fails


def wait_until_storing(db: Database, job_id: int) -> None:
    wait_for(lambda: job_row(db, job_id).stage == "storing", 90, "the import to start storing")


def test_killed_work_horse_is_retried_and_imports_once(
    rq_settings: Settings, db: Database, tenant_a: Tenant, big_file: Path, tmp_path: Path
) -> None:
    job = queue_file(rq_settings, db, tenant_a, big_file)
    with running_worker(rq_settings, tmp_path / "worker.log"):
        wait_until_storing(db, job.id)
        os.kill(horse_pid(rq_settings, job.id), signal.SIGKILL)
        assert upload_row(db, job.target_id).status == "processing"  # killed mid-flight
        assert stored(db, job.target_id) == (0, 0, 0)  # the transaction died with the horse
        wait_for(lambda: job_row(db, job.id).attempts == 2, 60, "the retry to start")
        wait_for(lambda: job_row(db, job.id).status == "finished", 90, "the retry to finish")
    assert_imported_once(db, job.target_id)
    log = (tmp_path / "worker.log").read_text()
    assert "terminated unexpectedly" in log and "sweeping jobs failed" not in log


def test_killed_worker_node_is_swept_then_resent(
    rq_settings: Settings, db: Database, tenant_a: Tenant, big_file: Path, tmp_path: Path
) -> None:
    job = queue_file(rq_settings, db, tenant_a, big_file)
    with running_worker(rq_settings, tmp_path / "worker.log") as worker:
        wait_until_storing(db, job.id)
        horse = horse_pid(rq_settings, job.id)
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its scheduler
        os.kill(horse, signal.SIGKILL)  # the horse runs in a process group of its own
    assert stored(db, job.target_id) == (0, 0, 0)
    assert upload_row(db, job.target_id).status == "processing"
    time.sleep(1.5)
    sweep = ("sweep", "--stuck-after", "1", "--json")
    env = worker_env(rq_settings)
    first = subprocess.run(cli(*sweep), env=env, capture_output=True, text=True, check=True)
    assert json.loads(first.stdout) == {"requeued": [], "failed": [job.id]}
    upload = upload_row(db, job.target_id)
    assert upload.status == "failed" and "stopped before it finished" in upload.error
    assert job_row(db, job.id).error == sweeper.STUCK_REASON
    assert not RQRunner(rq_settings).is_known(RQRunner(rq_settings).rq_id(job.id))
    again = subprocess.run(cli(*sweep), env=env, capture_output=True, text=True, check=True)
    assert json.loads(again.stdout) == {"requeued": [], "failed": []}  # idempotent
    # The user sends the file again (the API re-queues a failed upload): imported exactly once.
    imports.queue_import(
        JobContext(db, rq_settings), RQRunner(rq_settings), tenant_a.company_id, job.target_id, None
    )
    done = run_worker_burst(rq_settings)
    assert done.returncode == 0, done.stderr[-2000:]
    assert_imported_once(db, job.target_id)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def own_redis(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A private, memory-only Redis (never the shared one on 6379)."""
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = Redis(port=port)
        wait_for(lambda: _pings(client), 15, f"redis on port {port}")
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=15)


def _pings(client: Redis) -> bool:
    try:
        return bool(client.ping())
    except RedisError:
        return False


def test_redis_restarted_empty_loses_no_upload(
    settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    port = free_port()
    rq = replace(settings, redis_url=f"redis://127.0.0.1:{port}/0")
    with own_redis(port):
        queued = [queue_file(rq, db, tenant_a, small_file(tmp_path, n)) for n in range(3)]
        assert all(RQRunner(rq).is_known(RQRunner(rq).rq_id(j.id)) for j in queued)
    # Redis is down: the upload is still saved, and the caller hears "try again" (503).
    with pytest.raises(QueueUnavailable):
        queue_file(rq, db, tenant_a, small_file(tmp_path, 3))
    with own_redis(port):  # back, and empty
        runner = RQRunner(rq)
        with db.reading() as s:
            job_ids = sorted(s.scalars(select(Job.id)))
        assert len(job_ids) == 4 and not any(runner.is_known(runner.rq_id(i)) for i in job_ids)
        ctx = JobContext(db, rq)
        report = sweeper.sweep(ctx, runner, orphan_grace=timedelta(0))
        assert sorted(report.requeued) == job_ids and report.failed == []
        assert sweeper.sweep(ctx, runner, orphan_grace=timedelta(0)).requeued == []
        done = run_worker_burst(rq)
        assert done.returncode == 0, done.stderr[-2000:]
    with db.reading() as s:
        upload_ids = list(s.scalars(select(Upload.id)))
    assert len(upload_ids) == 4
    for upload_id in upload_ids:
        assert_imported_once(db, upload_id)


def test_sigterm_lets_the_running_import_finish(
    rq_settings: Settings, db: Database, tenant_a: Tenant, big_file: Path, tmp_path: Path
) -> None:
    big = queue_file(rq_settings, db, tenant_a, big_file)
    small = queue_file(rq_settings, db, tenant_a, small_file(tmp_path, 1))
    with running_worker(rq_settings, tmp_path / "worker.log") as worker:
        wait_for(lambda: job_row(db, big.id).status == "started", 60, "the import to start")
        worker.send_signal(signal.SIGTERM)  # warm shutdown: finish the job, take no other
        assert worker.wait(timeout=120) == 0
    assert_imported_once(db, big.target_id)
    assert upload_row(db, small.target_id).status == "queued"  # still waiting, not lost
    done = run_worker_burst(rq_settings)
    assert done.returncode == 0, done.stderr[-2000:]
    assert_imported_once(db, small.target_id)


def test_job_over_its_time_limit_fails_with_advice_and_is_not_retried(
    rq_settings: Settings, db: Database, tenant_a: Tenant, huge_file: Path
) -> None:
    quick = replace(rq_settings, job_timeout_seconds=1)
    job = queue_file(quick, db, tenant_a, huge_file)
    done = run_worker_burst(quick)
    assert done.returncode == 0, done.stderr[-2000:]
    upload = upload_row(db, job.target_id)
    assert upload.status == "failed" and "1-second limit" in upload.error, upload.error
    assert "Split the file" in upload.error and job_row(db, job.id).error == upload.error
    assert stored(db, job.target_id) == (0, 0, 0)
    rq_job = RQJob.fetch(RQRunner(quick).rq_id(job.id), connection=Redis.from_url(REDIS_URL))
    assert rq_job.is_failed and rq_job.retries_left == 0


def test_sweep_without_redis_runs_jobs_a_stopped_process_left_behind(
    settings: Settings, db: Database, tenant_a: Tenant, tmp_path: Path
) -> None:
    """The embedded default: the web process stopped with a job queued in its thread pool."""
    with db.transaction() as s:
        upload, _ = uploads.register(
            s, tenant_a.company_id, None, small_file(tmp_path, 7), "small.csv", settings.upload_dir
        )
        job_id = jobs.create(s, tenant_a.company_id, "import_upload", upload.id).id
    env = {k: v for k, v in worker_env(settings).items() if k != "REDIS_URL"}
    sweep = cli("sweep", "--orphan-grace", "0", "--json")
    first = subprocess.run(sweep, env=env, capture_output=True, text=True, check=True)
    assert json.loads(first.stdout) == {"requeued": [job_id], "failed": []}
    assert_imported_once(db, upload.id)
    again = subprocess.run(sweep, env=env, capture_output=True, text=True, check=True)
    assert json.loads(again.stdout) == {"requeued": [], "failed": []}
