"""The `supplychain` command line: thin commands over the services.

Each submodule adds its commands to the ``main`` group when it is imported (at the bottom).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any

import click
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from supplychain.config import ConfigError, Settings, load_settings
from supplychain.db.engine import Database
from supplychain.db.migrate import require_current
from supplychain.domain.reference import ReferenceDataError
from supplychain.domain.ruleset import RuleSetError
from supplychain.services.errors import ServiceError

EXIT_REJECTED = 2


class Context:
    """Settings and the database, built on first use in a command run."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    @cached_property
    def settings(self) -> Settings:
        return load_settings()

    @cached_property
    def db(self) -> Database:
        """The database, refused with a clear sentence when its schema is not current."""
        database = Database(self.settings.database_url)
        require_current(database.engine)
        return database


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """One clear sentence on stderr instead of a traceback (unless --debug): exit status 1 for
    an error a person can act on, 3 for an unreachable service or an internal error."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            ctx = click.get_current_context().find_object(Context)
            if ctx.debug:
                raise
            message, status = _explain(ctx, exc)
            click.echo(f"Error: {message}", err=True)
            sys.exit(status)

    return wrapper


def _explain(ctx: Context, exc: Exception) -> tuple[str, int]:
    """The sentence a person reads for ``exc``, and the command's exit status."""
    if isinstance(exc, USER_ERRORS):
        return str(getattr(exc, "message", exc)), 1
    if isinstance(exc, UNREACHABLE):
        return _unreachable(ctx, exc), 3
    return (
        f"an internal error stopped the command ({type(exc).__name__}); "
        "run it again with --debug to see the details.",
        3,
    )


def _unreachable(ctx: Context, exc: Exception) -> str:
    """Which service failed, where (password hidden), and what its driver said."""
    if isinstance(exc, RedisError):
        where, what = _hide_password(ctx.settings.redis_url or ""), "Redis"
        said = str(exc)
    else:
        where, what = _hide_password(ctx.settings.database_url), "The database"
        said = str(getattr(exc, "orig", exc))
    said = said.strip().splitlines()[0] if said.strip() else type(exc).__name__
    return f"{what} at {where} cannot be used: {said.rstrip('.')}."


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # a Redis URL, say: drop whatever sits before the host
        scheme, sep, rest = url.partition("://")
        return scheme + sep + rest.rpartition("@")[2] if sep else url


pass_ctx = click.make_pass_decorator(Context)
# Errors a person can act on: shown as one sentence, never as a traceback.
USER_ERRORS = (ServiceError, ConfigError, ReferenceDataError, RuleSetError)
# A database or Redis that is down, refuses the login or cannot be opened: exit status 3.
UNREACHABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


@click.group()
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Forced-labour due diligence for supply chains."""
    ctx.obj = Context(debug)


from supplychain.cli import (  # noqa: E402  (registers the commands)
    admin,
    data,
    evidence,
    jobs,
    remediation,
    screening,
    serve,
)

__all__ = [
    "EXIT_REJECTED",
    "admin",
    "data",
    "evidence",
    "friendly",
    "jobs",
    "main",
    "pass_ctx",
    "remediation",
    "screening",
    "serve",
]
