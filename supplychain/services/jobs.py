"""Background jobs: a database row per job, run by whichever runner is configured.

The row is written (status ``queued``) before the job is handed to a runner, so a lost queue
loses nothing: the sweeper finds the row and queues it again. Job functions take ids, build
their own session and report progress through a callable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.engine import Database
from supplychain.db.models import Job
from supplychain.services import audit
from supplychain.services.errors import NotFound, ServiceError

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JobContext:
    """What a job function gets besides its ids: the database and the settings."""

    db: Database
    settings: Settings


Handler = Callable[[JobContext, Job, Progress], dict[str, Any]]
AbandonHook = Callable[[Session, Job, str], None]
_HANDLERS: dict[str, Handler] = {}
_ON_ABANDON: dict[str, AbandonHook] = {}


class JobFailed(ServiceError):
    """A job that cannot succeed; the message is what the user sees."""


class JobTimedOut(JobFailed):
    """The job ran past its time limit (raised at the next stage it reports)."""


def timeout_reason(settings: Settings) -> str:
    """What the user reads when a job ran past ``SUPPLYCHAIN_JOB_TIMEOUT``."""
    limit = settings.job_timeout_seconds
    span = f"{limit // 60}-minute" if limit >= 120 else f"{limit}-second"
    return (
        f"The job ran longer than its {span} limit and was stopped; nothing was saved. "
        "Split the file into smaller ones and send those."
    )


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of one kind."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def on_abandon(kind: str) -> Callable[[AbandonHook], AbandonHook]:
    """Register what to do with a job's target when the job is given up (its worker died or it
    was stuck): e.g. mark the upload failed with the reason, inside the same transaction."""

    def register(fn: AbandonHook) -> AbandonHook:
        _ON_ABANDON[kind] = fn
        return fn

    return register


class JobRunner(Protocol):
    def submit(self, job_id: int) -> str | None:
        """Start or queue the job; return the queue's id for it, if any."""


def create(
    session: Session, company_id: int, kind: str, target_id: int | None, user_id: int | None = None
) -> Job:
    job = Job(company_id=company_id, kind=kind, target_id=target_id, created_by_id=user_id)
    session.add(job)
    session.flush()
    return job


def get(session: Session, company_id: int, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.company_id != company_id:
        raise NotFound(f"No job {job_id}.")
    return job


def latest_for(session: Session, company_id: int, kind: str, target_id: int) -> Job | None:
    """The newest job of one kind on one target (an upload's latest import, say)."""
    return session.scalar(
        select(Job)
        .where(Job.company_id == company_id, Job.kind == kind, Job.target_id == target_id)
        .order_by(Job.id.desc())
        .limit(1)
    )


def run(ctx: JobContext, job_id: int, on_progress: Progress | None = None) -> dict[str, Any]:
    """Run one job to the end: record start, progress, result or error. Re-raises on failure
    so a queue (RQ) records it too; an already finished job is not run again."""
    db = ctx.db
    with db.transaction() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise NotFound(f"No job {job_id}.")
        if job.status == "finished":
            return job.result or {}
        job.status, job.started_at, job.attempts = "started", utcnow(), job.attempts + 1
        job.heartbeat_at, job.error = utcnow(), None
    from supplychain.services import job_kinds  # noqa: F401  (registers the handlers)

    deadline = time.monotonic() + ctx.settings.job_timeout_seconds
    progress = _progress_writer(ctx, job_id, on_progress, deadline)
    try:
        result = _HANDLERS[job.kind](ctx, job, progress)
    except JobTimedOut as exc:
        abandon(db, job_id, exc.message, actor="worker", statuses=("started",))
        raise
    except Exception as exc:
        _finish(db, job_id, "failed", error=_user_message(exc))
        raise
    _finish(db, job_id, "finished", result=result)
    return result


def _progress_writer(
    ctx: JobContext, job_id: int, extra: Progress | None, deadline: float
) -> Progress:
    """Records progress and stops a job that is past its time limit before its next stage
    (never at the last step, which reports work already committed). RQ's own limit interrupts
    a job with a signal; this also covers the in-process runner and a signal that landed where
    Python ignores exceptions (a finaliser), which would let an over-long job run on."""
    db = ctx.db
    last: dict[str, Any] = {"fraction": -1.0, "stage": None}

    def progress(done: int, total: int, stage: str) -> None:
        if done < total and time.monotonic() > deadline:
            raise JobTimedOut(timeout_reason(ctx.settings))
        fraction = min(1.0, done / total) if total else 0.0
        if extra:
            extra(done, total, stage)
        if stage == last["stage"] and fraction - last["fraction"] < 0.02:
            return
        last.update(fraction=fraction, stage=stage)
        with db.transaction() as s:
            job = s.get(Job, job_id)
            if job is not None:
                job.progress, job.stage, job.heartbeat_at = fraction, stage[:100], utcnow()

    return progress


def _finish(
    db: Database,
    job_id: int,
    status: str,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    with db.transaction() as s:
        job = s.get(Job, job_id)
        if job is None:
            return
        job.status, job.finished_at, job.error, job.result = status, utcnow(), error, result
        if status == "finished":
            job.progress, job.stage = 1.0, "done"


def _user_message(exc: Exception) -> str:
    if isinstance(exc, ServiceError):
        return exc.message
    log.exception("job failed")
    return f"The job stopped on an internal error ({type(exc).__name__}); it was logged."


def mark_failed(db: Database, job_id: int, reason: str) -> None:
    _finish(db, job_id, "failed", error=reason)


def stale(
    session: Session, *, started_before: timedelta, queued_before: timedelta
) -> tuple[list[Job], list[Job]]:
    """Jobs queued too long (maybe lost by the queue) and started jobs with no recent heartbeat."""
    now = utcnow()
    queued = session.scalars(
        select(Job).where(Job.status == "queued", Job.created_at < now - queued_before)
    )
    started = session.scalars(
        select(Job).where(Job.status == "started", Job.heartbeat_at < now - started_before)
    )
    return list(queued), list(started)


def abandon(
    db: Database,
    job_id: int,
    reason: str,
    *,
    actor: str,
    statuses: tuple[str, ...] = ("queued", "started"),
    heartbeat_before: datetime | None = None,
) -> bool:
    """Fail a job that will not finish, with a reason the user sees, and let its kind's hook fail
    the target too. Conditional (the job must still be in one of ``statuses`` and, if given, have
    no heartbeat since ``heartbeat_before``), so running it twice or racing a live job is safe.
    Returns whether this call failed the job."""
    from supplychain.services import job_kinds  # noqa: F401  (registers the hooks)

    with db.transaction() as s:
        job = s.get(Job, job_id, with_for_update=True)
        if job is None or job.status not in statuses:
            return False
        beat = job.heartbeat_at
        if heartbeat_before is not None and beat is not None and beat >= heartbeat_before:
            return False
        job.status, job.finished_at, job.error = "failed", utcnow(), reason
        hook = _ON_ABANDON.get(job.kind)
        if hook is not None:
            hook(s, job, reason)
        audit.record(
            s,
            job.company_id,
            actor,
            "job.abandoned",
            "job",
            job.id,
            {"kind": job.kind, "reason": reason},
        )
    return True


def mark_retrying(db: Database, job_id: int, note: str) -> None:
    """A started job whose process died and that the queue will run again: show it as queued."""
    with db.transaction() as s:
        job = s.get(Job, job_id, with_for_update=True)
        if job is not None and job.status == "started":
            job.status, job.stage, job.progress, job.error = "queued", note[:100], 0.0, None
