"""Schema, companies, users, tokens and the audit trail."""

from __future__ import annotations

import os
import sys

import click

from supplychain.cli import Context, friendly, main, pass_ctx
from supplychain.db.migrate import upgrade
from supplychain.db.models import ROLES
from supplychain.services import accounts, audit


@main.command("init-db")
@pass_ctx
@friendly
def init_db(ctx: Context) -> None:
    """Create or upgrade the schema (Alembic)."""
    upgrade(ctx.settings.database_url)
    click.echo("The database schema is up to date.")


@main.group()
def company() -> None:
    """Companies (tenants)."""


@company.command("add")
@click.argument("name")
@pass_ctx
@friendly
def company_add(ctx: Context, name: str) -> None:
    """Add a company."""
    with ctx.db.transaction() as s:
        created = accounts.add_company(s, name, actor="cli")
        click.echo(f"Company {created.name!r} created (id {created.id}).")


@main.group()
def user() -> None:
    """Users."""


@user.command("add")
@click.argument("email")
@click.option("--company", "company_name", required=True, help="The user's company.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@pass_ctx
@friendly
def user_add(ctx: Context, email: str, company_name: str, role: str) -> None:
    """Add a user; the password comes from SUPPLYCHAIN_PASSWORD or a prompt."""
    password = os.environ.get("SUPPLYCHAIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    with ctx.db.transaction() as s:
        owner = accounts.company_by_name(s, company_name)
        created = accounts.add_user(s, owner, email, role, password, actor="cli")
        click.echo(f"User {created.email} ({role}) added to {owner.name}.")


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@click.argument("email")
@click.option("--name", default="cli", help="A label to recognise the token by.")
@pass_ctx
@friendly
def token_create(ctx: Context, email: str, name: str) -> None:
    """Print a new API token for that user (shown once)."""
    with ctx.db.transaction() as s:
        owner = accounts.user_by_email(s, email)
        _, clear = accounts.create_token(s, owner, name, actor="cli")
    click.echo(clear)


@main.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
@click.option("--company", "company_name", required=True)
@click.option(
    "--entry",
    type=click.IntRange(min=1),
    help="Also print this entry's hash (e.g. the chain head an evidence pack gives).",
)
@pass_ctx
@friendly
def audit_verify(ctx: Context, company_name: str, entry: int | None) -> None:
    """Check the company's audit-trail hash chain: exit 0 intact, 1 broken."""
    with ctx.db.reading() as s:
        owner = accounts.company_by_name(s, company_name)
        problem = audit.verify(s, owner.id)
        hashes = [e.hash for e in audit.events(s, owner.id)]
    if problem:
        click.echo(f"Audit trail of {owner.name} is BROKEN: {problem}.", err=True)
        sys.exit(1)
    if entry is not None and entry > len(hashes):
        click.echo(
            f"Error: there is no entry {entry}; the trail has {len(hashes)} entries.", err=True
        )
        sys.exit(2)
    click.echo(f"Audit trail of {owner.name} is intact ({len(hashes)} entries).")
    if entry is not None:
        click.echo(f"Entry {entry} has the hash {hashes[entry - 1]}")
