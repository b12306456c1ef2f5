"""Serving the web app, running workers, and the demo."""

from __future__ import annotations

import click

from supplychain.cli import Context, friendly, main, pass_ctx
from supplychain.db.engine import Database


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_ctx
@friendly
def serve(ctx: Context, host: str, port: int) -> None:
    """Serve the web app (production: gunicorn "app:create_app()")."""
    _serve(ctx, host, port)


def _serve(ctx: Context, host: str, port: int) -> None:
    from app import create_app

    app = create_app(ctx.settings)
    click.echo(f"Serving on http://{host}:{port}  (Ctrl+C to stop)")
    app.run(host=host, port=port, threaded=True, debug=False, use_reloader=False)


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@pass_ctx
@friendly
def worker(ctx: Context, burst: bool) -> None:
    """An RQ worker on REDIS_URL."""
    from supplychain.services.errors import ServiceError
    from supplychain.tasks.rq_runner import make_worker

    if not ctx.settings.redis_url:
        raise ServiceError("Set REDIS_URL to run a worker; without it jobs run in-process.")
    make_worker(ctx.settings, ctx.db).work(burst=burst, with_scheduler=True)


@main.command()
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Set up and import, then exit.")
@pass_ctx
@friendly
def demo(ctx: Context, port: int, no_serve: bool) -> None:
    """Set up a demo company with sample data on the embedded default, then serve it."""
    from supplychain.services.demo import set_up_demo

    # Not ctx.db: it refuses a database without the current schema, which the demo creates.
    credentials, summary = set_up_demo(ctx.settings, Database(ctx.settings.database_url))
    click.echo(summary)
    click.echo("Demo users (e-mail / password):")
    for email, role, password in credentials:
        click.echo(f"  {role:<11} {email}  /  {password}")
    if not no_serve:
        _serve(ctx, "127.0.0.1", port)
