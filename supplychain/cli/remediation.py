"""`supplychain audits import`: load audit results and their findings from a spreadsheet."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from supplychain.cli import EXIT_REJECTED, Context, friendly, main, pass_ctx
from supplychain.services import accounts
from supplychain.services.errors import NotFound, ServiceError
from supplychain.services.remediation.audit_import import import_audits


@main.group()
def audits() -> None:
    """Audit results and their findings."""


@audits.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--company", "company_name", required=True, help="The company (tenant).")
@click.option("--user", "email", default=None, help="Record the import as this user's.")
@click.option("--sheet", default=None, help="Read this sheet (default: the first with a header).")
@click.option("--strict", is_flag=True, help="Import nothing if any row is invalid.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report.")
@pass_ctx
@friendly
def import_file(
    ctx: Context,
    file: Path,
    company_name: str,
    email: str | None,
    sheet: str | None,
    strict: bool,
    as_json: bool,
) -> None:
    """Import FILE's audits and findings. Exit 0, 1 (invalid rows) or 2 (rejected)."""
    if not file.is_file():
        raise ServiceError(f"{file}: no such file.")
    with ctx.db.reading() as s:
        company = accounts.company_by_name(s, company_name)
        user = accounts.user_by_email(s, email) if email else None
        if user is not None and user.company_id != company.id:
            raise NotFound(f"No user {email} in {company.name}.")
        company_id, user_id = company.id, user.id if user else None
    result = import_audits(
        ctx.db, ctx.settings, company_id, file, file.name, user_id, strict=strict, sheet=sheet
    )
    report = result["report"]
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _describe(file.name, result)
    if result["status"] == "rejected":
        sys.exit(EXIT_REJECTED)
    sys.exit(1 if result["status"] != "done" or report["summary"]["invalid"] else 0)


def _describe(name: str, result: dict) -> None:
    report = result["report"]
    if result["status"] == "rejected":
        click.echo(f"Rejected: {report['rejected']}", err=True)
        return
    summary = report["summary"]
    if result["status"] == "done":
        again = " (already imported earlier)" if result.get("already_imported") else ""
        click.echo(
            f"Imported {name}{again}: {summary.get('audits', 0)} audits and "
            f"{summary.get('findings', 0)} findings from {summary['valid']} of {summary['rows']} "
            f"rows; {summary['invalid']} invalid rows."
        )
    else:
        click.echo(f"Error: {result['error']}", err=True)
    for issue in report["errors"][:50]:
        where = ", ".join(
            f"{k} {issue[k]}" for k in ("sheet", "row", "column", "header") if issue[k]
        )
        click.echo(f"  error   {where or 'file'}: {issue['message']}", err=True)
