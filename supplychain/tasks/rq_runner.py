"""The RQ adapter: queue jobs on Redis and run them in `supplychain worker` processes.

A database job ``N`` is the RQ job ``<queue>-job-N``, enqueued with ``unique=True``: the sweeper
may submit it again after Redis forgot it, and it is still never on the queue twice. Failures a
person can fix are final; a killed work horse is retried (``Retry``), and when the retries are
used up the job and its upload are failed with a reason the user sees.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, Worker, get_current_job
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.timeouts import JobTimeoutException

from supplychain.config import Settings, load_settings
from supplychain.db.engine import Database
from supplychain.services import jobs, sweeper
from supplychain.services.errors import ServiceError

log = logging.getLogger(__name__)

# Explicit liveness settings: a dead worker's job is noticed within about two minutes.
WORKER_TTL = 60
MAINTENANCE_INTERVAL = 60
JOB_MONITORING_INTERVAL = 15
RETRY_INTERVALS = [10, 60]
PENDING = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED})
KILLED_REASON = (
    "The worker process running the job was killed (often: it ran out of memory) and its "
    "retries are used up; nothing was saved. Send it again to retry, or split a large file."
)


class QueueUnavailable(ServiceError):
    status = 503


class RQRunner:
    def __init__(self, settings: Settings) -> None:
        assert settings.redis_url, "RQRunner needs REDIS_URL"
        self.settings = settings
        self.redis = Redis.from_url(settings.redis_url)
        self.queue = Queue(settings.queue_name, connection=self.redis)

    def rq_id(self, job_id: int) -> str:
        return f"{self.settings.queue_name}-job-{job_id}"

    def submit(self, job_id: int) -> str | None:
        try:
            rq_job = self.queue.enqueue(
                run_job,
                job_id,
                job_id=self.rq_id(job_id),
                unique=True,
                job_timeout=self.settings.job_timeout_seconds,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
                description=f"supplychain job {job_id}",
            )
        except DuplicateJobError:  # already on the queue: nothing to do
            return self.rq_id(job_id)
        except RedisError as exc:
            raise _unavailable() from exc
        return rq_job.id

    def is_known(self, rq_id: str | None) -> bool:
        """Whether Redis still holds this job waiting or running (it forgets queued jobs when it
        restarts empty; a failed or finished RQ job will not run again either)."""
        if not rq_id:
            return False
        try:
            return RQJob.fetch(rq_id, connection=self.redis).get_status() in PENDING
        except NoSuchJobError:
            return False
        except RedisError as exc:
            raise _unavailable() from exc

    def discard(self, rq_id: str | None) -> None:
        """Make Redis forget a job (and take it off the queue and its registries)."""
        if not rq_id:
            return
        try:
            RQJob.fetch(rq_id, connection=self.redis).delete()
        except NoSuchJobError:
            return
        except RedisError as exc:
            raise _unavailable() from exc


def _unavailable() -> QueueUnavailable:
    return QueueUnavailable(
        "The job queue is not reachable; your request was saved and will be retried."
    )


def run_job(job_id: int) -> dict[str, Any]:
    """The function RQ calls in the work horse: ids in, its own database session."""
    rq_job = get_current_job()
    if rq_job is not None:
        rq_job.meta["pid"] = os.getpid()  # which process to look at (or kill) for this job
        rq_job.save_meta()

    def report(done: int, total: int, stage: str) -> None:
        if rq_job is not None:
            rq_job.meta.update(progress=done / total if total else 0.0, stage=stage)
            rq_job.save_meta()

    ctx = _context()
    try:
        return jobs.run(ctx, job_id, report)
    except Exception as exc:
        timed_out = _timed_out(exc)
        if rq_job is not None and (timed_out or isinstance(exc, ServiceError)):
            rq_job.retries_left = 0  # retrying cannot fix the file, nor make it faster
        if timed_out:
            reason = jobs.timeout_reason(ctx.settings)
            jobs.abandon(ctx.db, job_id, reason, actor="worker", statuses=("failed",))
        raise


def _timed_out(exc: BaseException | None) -> bool:
    """Whether RQ's time limit stopped the job, even when the clean-up it interrupted (a
    rollback, say) raised an error of its own on top."""
    while exc is not None:
        if isinstance(exc, JobTimeoutException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@cache
def _context() -> jobs.JobContext:
    """The work horse's own database (never the forking parent's connections)."""
    settings = load_settings()
    return jobs.JobContext(Database(settings.database_url), settings)


class SupplychainWorker(Worker):
    """An RQ worker that also sweeps lost and stuck jobs in its maintenance loop and records
    killed work horses in the database at once."""

    def __init__(self, ctx: jobs.JobContext, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, work_horse_killed_handler=self._horse_killed, **kwargs)
        self.ctx = ctx

    def fork_work_horse(self, job: RQJob, queue: Queue) -> None:
        self.ctx.db.dispose()  # no pooled connection may be shared with the child
        super().fork_work_horse(job, queue)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        try:
            report = sweeper.sweep(self.ctx, RQRunner(self.ctx.settings))
        except Exception:  # the worker must keep working when a sweep fails
            log.exception("sweeping jobs failed")
            return
        if report.requeued or report.failed:
            log.warning("%s", report)

    def _horse_killed(self, rq_job: RQJob, _pid: int, _status: int, _rusage: Any) -> None:
        job_id = int(rq_job.args[0])
        if rq_job.should_retry:
            jobs.mark_retrying(self.ctx.db, job_id, "retrying: the worker process stopped")
        else:
            jobs.abandon(self.ctx.db, job_id, KILLED_REASON, actor="worker", statuses=("started",))


def make_worker(settings: Settings, db: Database) -> Worker:
    redis = Redis.from_url(settings.redis_url or "")
    return SupplychainWorker(
        jobs.JobContext(db, settings),
        [Queue(settings.queue_name, connection=redis)],
        connection=redis,
        worker_ttl=WORKER_TTL,
        maintenance_interval=MAINTENANCE_INTERVAL,
        job_monitoring_interval=JOB_MONITORING_INTERVAL,
    )
