"""A job past SUPPLYCHAIN_JOB_TIMEOUT stops at its next stage, whatever runs it (the in-process
runner has no signal to stop it; under RQ this backs up the signal, which Python can swallow)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import AuditEvent, Job, SupplierRecord, Upload
from supplychain.services import imports, jobs, uploads
from supplychain.services.jobs import JobContext, JobTimedOut, Progress
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import Tenant


@jobs.handler("test_two_stages")
def _two_stages(ctx: JobContext, job: Job, progress: Progress) -> dict[str, Any]:
    progress(0, 2, "first")
    time.sleep(1.2)  # past a one-second limit
    progress(1, 2, "second")
    return {"stages": 2}


@jobs.handler("test_late_last_step")
def _late_last_step(ctx: JobContext, job: Job, progress: Progress) -> dict[str, Any]:
    progress(0, 1, "working")
    time.sleep(1.2)  # the work was committed; the limit passed meanwhile
    progress(1, 1, "done")
    return {"stages": 1}


def _job(db: Database, tenant: Tenant, kind: str) -> int:
    with db.transaction() as s:
        return jobs.create(s, tenant.company_id, kind, None).id


def test_an_import_past_its_limit_fails_with_advice_and_stores_nothing(
    db: Database, settings: Settings, tenant_a: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_text("Supplier Name,Country\nDhaka Knit,Bangladesh\n", encoding="utf-8")
    with db.transaction() as s:
        upload, _ = uploads.register(s, tenant_a.company_id, None, path, path.name, tmp_path)
    no_time = replace(settings, job_timeout_seconds=0)
    ctx = JobContext(db, no_time)
    job = imports.queue_import(
        ctx, InProcessRunner(ctx, background=False), tenant_a.company_id, upload.id, None
    )
    with db.reading() as s:
        stored = s.get(Upload, upload.id)
        row = s.get(Job, job.id)
        records = s.scalar(select(func.count()).select_from(SupplierRecord))
        audited = s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(job.id)))
        audited = list(audited)
    assert stored.status == "failed" and stored.error == jobs.timeout_reason(no_time)
    assert "Split the file" in stored.error and row.status == "failed"
    assert row.error == stored.error and records == 0
    assert "job.abandoned" in audited


def test_a_job_stops_at_the_stage_after_its_limit(
    db: Database, settings: Settings, tenant_a: Tenant
) -> None:
    ctx = JobContext(db, replace(settings, job_timeout_seconds=1))
    job_id = _job(db, tenant_a, "test_two_stages")
    with pytest.raises(JobTimedOut):
        jobs.run(ctx, job_id)
    with db.reading() as s:
        row = s.get(Job, job_id)
    assert (row.status, row.stage) == ("failed", "first")
    assert row.error == jobs.timeout_reason(ctx.settings)


def test_the_last_step_is_not_stopped_since_its_work_is_saved(
    db: Database, settings: Settings, tenant_a: Tenant
) -> None:
    ctx = JobContext(db, replace(settings, job_timeout_seconds=1))
    job_id = _job(db, tenant_a, "test_late_last_step")
    assert jobs.run(ctx, job_id) == {"stages": 1}
    with db.reading() as s:
        assert s.get(Job, job_id).status == "finished"
