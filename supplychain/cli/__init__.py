"""The `supplychain` command line: thin commands over the services.

Each submodule adds its commands to the ``main`` group when it is imported (at the bottom).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any

import click

from supplychain.config import ConfigError, Settings, load_settings
from supplychain.db.engine import Database
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
        return Database(self.settings.database_url)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """One clear sentence on stderr and exit status 1 instead of a traceback (unless --debug)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except USER_ERRORS as exc:
            if click.get_current_context().find_object(Context).debug:
                raise
            click.echo(f"Error: {getattr(exc, 'message', exc)}", err=True)
            sys.exit(1)
        except Exception as exc:
            if click.get_current_context().find_object(Context).debug:
                raise
            click.echo(
                f"Error: an internal error stopped the command ({type(exc).__name__}); "
                "run it again with --debug to see the details.",
                err=True,
            )
            sys.exit(3)

    return wrapper


pass_ctx = click.make_pass_decorator(Context)
# Errors a person can act on: shown as one sentence, never as a traceback.
USER_ERRORS = (ServiceError, ConfigError, ReferenceDataError, RuleSetError)


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
