"""validate, score, import, rescore and reference lists: the data commands."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from supplychain.cli import EXIT_REJECTED, Context, friendly, main, pass_ctx
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import Limits
from supplychain.ingest.pipeline import IntakeResult, read_upload
from supplychain.services import reports
from supplychain.services.previews import in_sheet_order

file_argument = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
sheet_option = click.option(
    "--sheet",
    default=None,
    help="Read this sheet (default: the first visible sheet with a recognisable header).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print the JSON report.")
SHOWN_ERRORS = 50
SHOWN_WARNINGS = 20
SHOWN_VALUE_CHARS = 40


def _intake(ctx: Context, file: Path, sheet: str | None, as_json: bool) -> IntakeResult:
    """Read and validate under the same size cap as an import, or exit 2 with the rejection
    (JSON or one sentence)."""
    try:
        if not file.is_file():
            raise FileRejected(f"{file}: no such file.")
        limits = Limits(max_bytes=ctx.settings.max_upload_bytes)
        return read_upload(file, name=file.name, sheet=sheet, limits=limits)
    except FileRejected as exc:
        if as_json:
            _print_json(reports.rejected_report(file.name, None, exc.reason))
        else:
            click.echo(f"Rejected: {exc.reason}", err=True)
        sys.exit(EXIT_REJECTED)


def _print_json(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def _exit_status(result: IntakeResult) -> None:
    sys.exit(1 if result.invalid_rows else 0)


def _describe(result: IntakeResult) -> None:
    info = result.file
    where = (
        f"sheet {info.sheet!r}, header on row {info.header_row}"
        if info.sheet
        else f"encoding {info.encoding}, delimiter {info.delimiter!r}"
    )
    click.echo(
        f"{info.name} ({info.format}; {where}): {result.rows} rows, "
        f"{result.rows - len(result.invalid_rows)} valid, {len(result.invalid_rows)} "
        f"invalid, {len(result.warnings)} warnings."
    )
    _print_issues(result.report(), info.name)


def _print_issues(report: dict[str, Any], file_name: str) -> None:
    """The report's errors in sheet order, then its warnings, each located and with its value."""
    shown = {"error": SHOWN_ERRORS, "warning": SHOWN_WARNINGS}
    for kind, limit in shown.items():
        issues = in_sheet_order(report.get(f"{kind}s", []))
        for issue in issues[:limit]:
            click.echo(f"  {kind:<7} {_where(issue)}: {issue['message']}")
        if len(issues) > limit:
            click.echo(
                f"  ... and {len(issues) - limit} more {kind}s "
                f"(`supplychain validate {file_name} --json` lists them all)."
            )


def _where(issue: dict[str, Any]) -> str:
    value = issue.get("value")
    if value is not None and len(value) > SHOWN_VALUE_CHARS:
        value = value[: SHOWN_VALUE_CHARS - 1] + "…"
    parts = [
        f"sheet {issue['sheet']}" if issue.get("sheet") else "",
        f"row {issue['row']}" if issue.get("row") else "",
        f"column {issue['column']}" if issue.get("column") else "",
        f"({issue['header']})" if issue.get("header") else "",
        f"value {value!r}" if value is not None and issue.get("row") else "",
    ]
    return " ".join(p for p in parts if p) or "file"


@main.command()
@file_argument
@sheet_option
@json_option
@pass_ctx
@friendly
def validate(ctx: Context, file: Path, sheet: str | None, as_json: bool) -> None:
    """Read, map and validate FILE; store nothing. Exit 0 valid, 1 invalid rows, 2 rejected."""
    result = _intake(ctx, file, sheet, as_json)
    if as_json:
        _print_json(reports.intake_report(result))
    else:
        _describe(result)
    _exit_status(result)


@main.command()
@file_argument
@sheet_option
@click.option("--ruleset", "ruleset_id", default="default", show_default=True)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Score as of this date (default: today), for reproducing a past score.",
)
@json_option
@pass_ctx
@friendly
def score(
    ctx: Context, file: Path, sheet: str | None, ruleset_id: str, as_of: Any, as_json: bool
) -> None:
    """Validate and score FILE; store nothing."""
    from supplychain.domain.ruleset import load_ruleset
    from supplychain.domain.scoring import score_frame

    result = _intake(ctx, file, sheet, as_json)
    rules = load_ruleset(ruleset_id, ctx.settings.rules_dir, ctx.settings.reference_store_dir)
    scored = score_frame(result.frame, rules, as_of=as_of.date() if as_of else date.today())
    report = reports.score_report(result, scored)
    if as_json:
        _print_json(report)
    else:
        _describe(result)
        click.echo(
            f"Rule set {rules.ruleset.id} {rules.ruleset.version}: "
            + ", ".join(f"{n} {tier}" for tier, n in report["summary"]["by_tier"].items())
        )
        for supplier in sorted(report["suppliers"], key=lambda s: -s["score"])[:20]:
            click.echo(
                f"  row {supplier['row']:>6}  {supplier['tier']:<8} {supplier['score']:>5}"
                f"  {supplier['name']} ({supplier['country']})"
            )
    _exit_status(result)


@main.command("import")
@file_argument
@click.option("--company", "company_name", required=True)
@click.option("--user", "email", default=None, help="Record the import as this user's.")
@click.option("--sheet", default=None)
@click.option("--strict", is_flag=True, help="Import nothing if any row is invalid.")
@click.option(
    "--encoding",
    type=click.Choice(["cp1252"]),
    default=None,
    help="Confirm that a CSV file that is not UTF-8 is Windows-1252 (its words read right).",
)
@pass_ctx
@friendly
def import_file(
    ctx: Context,
    file: Path,
    company_name: str,
    email: str | None,
    sheet: str | None,
    strict: bool,
    encoding: str | None,
) -> None:
    """Import FILE into the company and score it. Exit 0, 1 (invalid rows) or 2 (rejected).

    A CSV file that is not UTF-8 is refused until --encoding cp1252 confirms how it reads."""
    from supplychain.services import accounts, imports, uploads
    from supplychain.services.jobs import JobContext
    from supplychain.tasks.inprocess import InProcessRunner

    if not file.is_file():
        click.echo(f"Rejected: {file}: no such file.", err=True)
        sys.exit(EXIT_REJECTED)
    _check_encoding(ctx, file, encoding)
    with ctx.db.transaction() as s:
        company = accounts.company_by_name(s, company_name)
        user = accounts.user_by_email(s, email) if email else None
        if user is not None and user.company_id != company.id:
            raise accounts.NotFound(f"No user {email} in {company.name}.")
        upload, created = uploads.register(
            s,
            company.id,
            user,
            file,
            file.name,
            ctx.settings.upload_dir,
            sheet=sheet,
            strict=strict,
        )
        upload_id, company_id = upload.id, company.id
    if not created:
        click.echo(
            f"{file.name} was already uploaded to {company_name} (upload {upload_id}); "
            "the existing import is kept."
        )
    job_ctx = JobContext(ctx.db, ctx.settings)
    runner = InProcessRunner(job_ctx, background=False)
    imports.queue_import(job_ctx, runner, company_id, upload_id, user.id if user else None)
    with ctx.db.reading() as s:
        upload = uploads.get(s, company_id, upload_id)
    _report_import(upload)


def _check_encoding(ctx: Context, file: Path, encoding: str | None) -> None:
    """Exit 2, storing nothing, for a CSV file whose Windows-1252 reading is not confirmed."""
    from supplychain.services import uploads

    how = "run again with `--encoding cp1252`"
    check = uploads.EncodingCheck(ctx.settings.max_upload_bytes, encoding, how)
    try:
        check(file, file.name)
    except uploads.EncodingUnconfirmed as exc:
        click.echo(f"Rejected: {exc.message}", err=True)
        sys.exit(EXIT_REJECTED)


def _report_import(upload: Any) -> None:
    if upload.status == "rejected":
        click.echo(f"Rejected: {upload.error}", err=True)
        sys.exit(EXIT_REJECTED)
    if upload.status != "done":
        click.echo(f"Not imported: {upload.error}", err=True)
        _print_issues(upload.report or {}, upload.file_name)
        sys.exit(1)
    click.echo(
        f"Imported {upload.rows_imported} of {upload.rows_total} rows from "
        f"{upload.file_name} (upload {upload.id}); {upload.rows_invalid} rows rejected, "
        f"{upload.warnings_count} warnings."
    )
    if upload.mapping:
        mapped = ", ".join(f"{h!r} as {f}" for h, f in upload.mapping.items() if f)
        click.echo(f"  Columns read with the mapping confirmed for these headers: {mapped}.")
    _print_issues(upload.report or {}, upload.file_name)
    sys.exit(1 if upload.rows_invalid else 0)


@main.command()
@click.option("--company", "company_name", required=True)
@click.option("--ruleset", "ruleset_id", required=True)
@click.option("--dry-run", is_flag=True, help="Compare only; keep the current scores.")
@json_option
@pass_ctx
@friendly
def rescore(ctx: Context, company_name: str, ruleset_id: str, dry_run: bool, as_json: bool) -> None:
    """Score the company's current suppliers under another rule set; print who changes tier."""
    from supplychain.services import accounts
    from supplychain.services.jobs import JobContext
    from supplychain.services.rescoring import rescore_company

    with ctx.db.reading() as s:
        company_id = accounts.company_by_name(s, company_name).id
    outcome = rescore_company(
        JobContext(ctx.db, ctx.settings), company_id, ruleset_id, store=not dry_run, actor="cli"
    )
    if as_json:
        _print_json(
            {
                "ruleset": outcome.ruleset,
                "suppliers": outcome.suppliers,
                "summary": outcome.summary,
                "stored": outcome.stored,
                "changes": outcome.changes,
            }
        )
        return
    click.echo(
        f"{outcome.suppliers} suppliers scored under {outcome.ruleset}: "
        f"{outcome.summary['up']} move up a tier, {outcome.summary['down']} move down"
        + ("" if outcome.stored else " (dry run: nothing stored)")
        + "."
    )
    for change in outcome.changes:
        click.echo(f"  {change['name']} ({change['country']}): {change['why']}")


@main.group("lists")
def lists() -> None:
    """Reference lists (UFLPA Entity List, DOL List of Goods)."""


@lists.command("import")
@click.argument("kind")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--edition", default=None, help="Edition name (default: from the file's dates).")
@pass_ctx
@friendly
def lists_import(ctx: Context, kind: str, file: Path, edition: str | None) -> None:
    """Load a newer edition of a reference list from FILE (KIND: uflpa_entity_list or dol_goods)."""
    from supplychain.domain.reference_import import import_reference_list

    loaded = import_reference_list(kind, file, ctx.settings.reference_store_dir, edition)
    click.echo(
        f"Loaded {kind} edition {loaded.edition}; rule sets that use the latest "
        f"{kind} edition now screen against it."
    )
