"""A pack built by a real `supplychain worker` process from the real Redis queue."""

from __future__ import annotations

from dataclasses import replace

import pytest

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Job
from supplychain.evidence.verify import INTACT, verify_pack
from supplychain.services import evidence
from supplychain.services.jobs import JobContext
from supplychain.tasks.rq_runner import RQRunner
from tests.conftest import REDIS_URL
from tests.integration.evidence.conftest import EVIDENCE_KEY, Company, user_id
from tests.integration.test_rq_worker import run_worker_burst

pytestmark = pytest.mark.redis


def test_a_worker_builds_the_pack_with_progress(
    settings: Settings, db: Database, company_b: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPLYCHAIN_EVIDENCE_KEY", EVIDENCE_KEY)  # the worker's environment
    queued = replace(settings, redis_url=REDIS_URL)
    auditor = user_id(db, company_b.tenant.emails["auditor"])
    pack, job = evidence.queue_pack(
        JobContext(db, queued),
        RQRunner(queued),
        company_b.tenant.company_id,
        auditor,
        evidence.PackRequest(),
    )
    with db.reading() as s:
        assert evidence.get(s, company_b.tenant.company_id, pack.id).status == "queued"
    done = run_worker_burst(queued)
    assert done.returncode == 0, done.stderr[-2000:]
    with db.reading() as s:
        row = s.get(Job, job.id)
        built = evidence.pack_dict(s, evidence.get(s, company_b.tenant.company_id, pack.id))
    assert (row.status, row.progress, row.stage, row.rq_id is not None) == (
        "finished",
        1.0,
        "done",
        True,
    )
    assert built["status"] == "done" and built["sha256"] == row.result["sha256"]
    stored = evidence.pack_path(settings.instance_dir, company_b.tenant.company_id, pack.id)
    assert verify_pack(stored, EVIDENCE_KEY.encode()).status == INTACT
