"""The RQ adapter: queue jobs on Redis and run them in `supplychain worker` processes."""

from __future__ import annotations

from functools import cache
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, Worker, get_current_job

from supplychain.config import Settings, load_settings
from supplychain.db.engine import Database
from supplychain.services import jobs
from supplychain.services.errors import ServiceError

# Explicit liveness settings: a dead worker's job is noticed within about two minutes.
WORKER_TTL = 60
MAINTENANCE_INTERVAL = 60
JOB_MONITORING_INTERVAL = 15


class QueueUnavailable(ServiceError):
    status = 503


class RQRunner:
    def __init__(self, settings: Settings) -> None:
        assert settings.redis_url, "RQRunner needs REDIS_URL"
        self.settings = settings
        self.redis = Redis.from_url(settings.redis_url)
        self.queue = Queue(settings.queue_name, connection=self.redis)

    def submit(self, job_id: int) -> str | None:
        try:
            rq_job = self.queue.enqueue(
                run_job,
                job_id,
                job_timeout=self.settings.job_timeout_seconds,
                retry=Retry(max=2, interval=[10, 60]),
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
                description=f"supplychain job {job_id}",
            )
        except RedisError as exc:
            raise QueueUnavailable(
                "The job queue is not reachable; your request was saved and will be retried."
            ) from exc
        return rq_job.id

    def is_known(self, rq_id: str | None) -> bool:
        """Whether Redis still has this job (it forgets queued jobs when it restarts empty)."""
        return bool(rq_id) and bool(self.redis.exists(f"rq:job:{rq_id}"))


def run_job(job_id: int) -> dict[str, Any]:
    """The function RQ calls in the work horse: ids in, its own database session."""
    rq_job = get_current_job()

    def report(done: int, total: int, stage: str) -> None:
        if rq_job is not None:
            rq_job.meta.update(progress=done / total if total else 0.0, stage=stage)
            rq_job.save_meta()

    try:
        return jobs.run(_context(), job_id, report)
    except ServiceError:
        if rq_job is not None:  # a user-facing failure is final: retrying cannot fix the file
            rq_job.retries_left = 0
        raise


@cache
def _context() -> jobs.JobContext:
    settings = load_settings()
    return jobs.JobContext(Database(settings.database_url), settings)


def make_worker(settings: Settings) -> Worker:
    redis = Redis.from_url(settings.redis_url or "")
    return Worker(
        [Queue(settings.queue_name, connection=redis)],
        connection=redis,
        worker_ttl=WORKER_TTL,
        maintenance_interval=MAINTENANCE_INTERVAL,
        job_monitoring_interval=JOB_MONITORING_INTERVAL,
    )
