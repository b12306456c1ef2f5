"""Background-job upkeep: `supplychain sweep` (run it from cron; workers also sweep themselves)."""

from __future__ import annotations

import json
from datetime import timedelta

import click

from supplychain.cli import Context, friendly, main, pass_ctx
from supplychain.services import sweeper
from supplychain.services.jobs import JobContext


@main.command()
@click.option(
    "--orphan-grace",
    type=float,
    default=None,
    help="Seconds a job may sit queued before it counts as lost "
    "(default: 120 with REDIS_URL, else the job timeout plus 5 minutes).",
)
@click.option(
    "--stuck-after",
    type=float,
    default=None,
    help="Seconds without a heartbeat before a started job counts as stuck "
    "(default: the job timeout plus 5 minutes).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_ctx
@friendly
def sweep(
    ctx: Context, orphan_grace: float | None, stuck_after: float | None, as_json: bool
) -> None:
    """Re-queue jobs the queue lost and fail stuck ones (their uploads show the reason)."""
    job_ctx = JobContext(ctx.db, ctx.settings)
    stuck = sweeper.default_stuck_after(job_ctx) if stuck_after is None else _seconds(stuck_after)
    if ctx.settings.redis_url:
        from supplychain.tasks.rq_runner import RQRunner

        runner: sweeper.SweepRunner = RQRunner(ctx.settings)
        grace = sweeper.ORPHAN_GRACE
    else:  # the embedded default: orphans of a stopped process run here, inline
        from supplychain.tasks.inprocess import InProcessRunner

        runner, grace = InProcessRunner(job_ctx, background=False), stuck
    if orphan_grace is not None:
        grace = _seconds(orphan_grace)
    report = sweeper.sweep(job_ctx, runner, orphan_grace=grace, stuck_after=stuck)
    if as_json:
        click.echo(json.dumps({"requeued": report.requeued, "failed": report.failed}))
    else:
        click.echo(str(report))


def _seconds(value: float) -> timedelta:
    if value < 0:
        raise click.BadParameter("must be 0 or more seconds")
    return timedelta(seconds=value)
