"""`supplychain evidence build` and `supplychain evidence verify`."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

import click

from supplychain.cli import Context, friendly, main, pass_ctx
from supplychain.evidence.verify import UNREADABLE, read_key, verify_pack
from supplychain.services import accounts, evidence, jobs
from supplychain.services.jobs import JobContext


@main.group("evidence")
def evidence_group() -> None:
    """Evidence packs that auditors can check offline."""


@evidence_group.command("build")
@click.option("--company", "company_name", required=True, help="The company (tenant).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Period start.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Period end.")
@click.option(
    "--supplier", "supplier_ids", type=int, multiple=True, help="A supplier id (repeatable)."
)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
@friendly
def build(
    ctx: Context,
    company_name: str,
    date_from: datetime | None,
    date_to: datetime | None,
    supplier_ids: tuple[int, ...],
    out: Path,
) -> None:
    """Build an evidence pack now and write it to --out."""
    req = evidence.PackRequest(
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        supplier_ids=tuple(dict.fromkeys(supplier_ids)),
    )
    with ctx.db.transaction() as s:
        company = accounts.company_by_name(s, company_name)
        pack, job = evidence.request_pack(s, company.id, None, req)
    jobs.run(JobContext(ctx.db, ctx.settings), job.id, _report)
    with ctx.db.reading() as s:
        built = evidence.get(s, company.id, pack.id)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built.stored_path or "", out)
    click.echo(
        f"Evidence pack {pack.id} of {company.name} written to {out} "
        f"({built.size_bytes} bytes, SHA-256 {built.sha256})."
    )


def _report(done: int, total: int, stage: str) -> None:
    click.echo(f"  [{done + 1}/{total}] {stage}", err=True)


@evidence_group.command("verify")
@click.argument("pack", type=click.Path(path_type=Path))
@click.option("--key", "key_file", type=click.Path(path_type=Path), help="The HMAC key file.")
def verify(pack: Path, key_file: Path | None) -> None:
    """Check a pack offline: exit 0 intact, 1 altered, 2 unreadable."""
    try:
        key = read_key(key_file) if key_file else None
    except OSError as exc:
        click.echo(f"UNREADABLE: cannot read the key file {key_file} ({exc}).", err=True)
        sys.exit(UNREADABLE)
    outcome = verify_pack(pack, key)
    failed = outcome.status != 0
    click.echo(outcome.message, err=failed)
    for note in outcome.notes:
        click.echo(note, err=failed)
    sys.exit(outcome.status)
