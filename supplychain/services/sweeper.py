"""Recover jobs that the queue lost or whose worker died. Idempotent, and safe to run from several
machines at once (every change is conditional on the job row still being in the state seen).

- Orphans: ``queued`` in the database for longer than ``orphan_grace`` but unknown to the queue
  (Redis restarted empty, or the enqueue failed) are submitted again.
- Stuck: ``started`` with no heartbeat for ``stuck_after`` (default: the job timeout plus a
  margin, so a live job is never touched) are failed with a reason the user sees; the job's kind
  fails its target too (an upload becomes ``failed``) and the queue forgets the job.

Run by ``supplychain sweep`` (cron) and by every ``supplychain worker`` in its maintenance loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import Job, Upload
from supplychain.services import audit, jobs
from supplychain.services.jobs import JobContext

ORPHAN_GRACE = timedelta(minutes=2)
STUCK_MARGIN = timedelta(minutes=5)
STUCK_REASON = (
    "The job stopped before it finished (the process running it ended or stalled); "
    "nothing was saved. Send it again to retry."
)
ACTOR = "sweeper"


class SweepRunner(Protocol):
    def submit(self, job_id: int) -> str | None: ...

    def is_known(self, rq_id: str | None) -> bool: ...

    def discard(self, rq_id: str | None) -> None: ...


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Re-queued {len(self.requeued)} lost job(s) {self.requeued}; "
            f"failed {len(self.failed)} stuck job(s) {self.failed}."
        )


def default_stuck_after(ctx: JobContext) -> timedelta:
    return timedelta(seconds=ctx.settings.job_timeout_seconds) + STUCK_MARGIN


def sweep(
    ctx: JobContext,
    runner: SweepRunner,
    *,
    orphan_grace: timedelta = ORPHAN_GRACE,
    stuck_after: timedelta | None = None,
) -> SweepReport:
    stuck_after = stuck_after if stuck_after is not None else default_stuck_after(ctx)
    cutoff = utcnow() - stuck_after
    with ctx.db.reading() as s:
        queued, started = jobs.stale(s, started_before=stuck_after, queued_before=orphan_grace)
        orphans = [(j.id, j.rq_id) for j in queued]
        stuck = [(j.id, j.rq_id) for j in started]
    report = SweepReport()
    for job_id, rq_id in orphans:
        if _requeue(ctx, runner, job_id, rq_id):
            report.requeued.append(job_id)
    for job_id, rq_id in stuck:
        if jobs.abandon(
            ctx.db,
            job_id,
            STUCK_REASON,
            actor=ACTOR,
            statuses=("started",),
            heartbeat_before=cutoff,
        ):
            runner.discard(rq_id)  # a worker doing maintenance must not revive it later
            report.failed.append(job_id)
    return report


def _requeue(ctx: JobContext, runner: SweepRunner, job_id: int, rq_id: str | None) -> bool:
    if runner.is_known(rq_id):
        return False
    with ctx.db.reading() as s:
        job = s.get(Job, job_id)
        if job is None or job.status != "queued":
            return False
    runner.discard(rq_id)  # a dead leftover under the same id would block the new submission
    new_id = runner.submit(job_id)
    with ctx.db.transaction() as s:
        job = s.get(Job, job_id, with_for_update=True)
        if job.status == "queued" and new_id:
            job.rq_id = new_id
        audit.record(s, job.company_id, ACTOR, "job.requeued", "job", job_id, {"kind": job.kind})
    return True


@jobs.on_abandon("import_upload")
def _fail_upload(session: Session, job: Job, reason: str) -> None:
    """An abandoned import fails its upload (unless the import had already committed)."""
    upload = session.get(Upload, job.target_id, with_for_update=True)
    if upload is None or upload.status in ("done", "rejected"):
        return
    upload.status, upload.completed_at, upload.error = "failed", utcnow(), reason
