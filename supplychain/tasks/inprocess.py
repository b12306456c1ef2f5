"""Run jobs in this process: in a background thread for the web app, inline for the CLI."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from supplychain.services import jobs
from supplychain.services.jobs import JobContext

log = logging.getLogger(__name__)


class InProcessRunner:
    def __init__(self, ctx: JobContext, *, background: bool = True) -> None:
        self.ctx = ctx
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="job") if background else None
        )
        self.futures: list[Future[object]] = []

    def submit(self, job_id: int) -> str | None:
        if self._pool is None:
            _run_logged(self.ctx, job_id)
        else:
            self.futures.append(self._pool.submit(_run_logged, self.ctx, job_id))
        return None

    def is_known(self, rq_id: str | None) -> bool:
        """No queue outlives this process, so a job queued in the database is always unknown:
        the sweeper runs such orphans again (after its grace period)."""
        return False

    def discard(self, rq_id: str | None) -> None:
        """Nothing to forget: this runner keeps no queue outside the process."""

    def wait(self) -> None:
        """Block until every submitted job has ended (tests and the demo use this)."""
        for future in self.futures:
            future.result()
        self.futures.clear()


def _run_logged(ctx: JobContext, job_id: int) -> None:
    try:
        jobs.run(ctx, job_id)
    except Exception:  # the job row holds the error; the thread must not die silently
        log.info("job %s failed", job_id, exc_info=True)
