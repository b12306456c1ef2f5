"""`supplychain entity decide|list`: entity-list match decisions over the service."""

from __future__ import annotations

import json

import click

from supplychain.cli import Context, friendly, main, pass_ctx
from supplychain.services import accounts, entity_decisions
from supplychain.services.errors import NotFound


@main.group()
def entity() -> None:
    """Entity-list match decisions (confirm a match, or dismiss it as a false positive)."""


@entity.command("decide")
@click.option("--company", "company_name", required=True, help="The company (tenant).")
@click.option("--supplier", "ref", required=True, help="Supplier ID (or the system's number).")
@click.option("--entity", "entity_name", required=True, help="The listed entity, as listed.")
@click.option("--status", type=click.Choice(entity_decisions.STATUSES), required=True)
@click.option("--reason", default="", help="Why (required to dismiss).")
@click.option("--edition", default=None, help="List edition (default: the current match's).")
@click.option("--by", "email", required=True, help="E-mail of the compliance user or admin.")
@pass_ctx
@friendly
def decide(
    ctx: Context,
    company_name: str,
    ref: str,
    entity_name: str,
    status: str,
    reason: str,
    edition: str | None,
    email: str,
) -> None:
    """Record a decision on one supplier's match; the supplier is re-scored at once."""
    with ctx.db.transaction() as s:
        company = accounts.company_by_name(s, company_name)
        user = accounts.user_by_email(s, email)
        if user.company_id != company.id:
            raise NotFound(f"No user {email} in {company.name}.")
        supplier = entity_decisions.supplier_by_ref(s, company.id, ref)
        new = entity_decisions.NewDecision(supplier.id, entity_name, status, reason, edition)
        out = entity_decisions.decide(s, ctx.settings, company.id, user, new)
    d = out["decision"]
    click.echo(
        f"{d['supplier']}: match with {d['entity']} (edition {d['edition']}) {d['status']} "
        f"by {d['decided_by']}; now {out['score']:.1f} points, {out['tier']} "
        f"(was {out['previous_tier']})."
    )


@entity.command("list")
@click.option("--company", "company_name", required=True, help="The company (tenant).")
@pass_ctx
@friendly
def list_decisions(ctx: Context, company_name: str) -> None:
    """Print the company's decisions as JSON, newest first."""
    with ctx.db.reading() as s:
        company = accounts.company_by_name(s, company_name)
        rows = entity_decisions.list_decisions(s, company.id)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
