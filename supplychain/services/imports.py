"""Import an upload: read, validate, score and store it in one transaction (all or nothing).

Default policy: the valid rows are imported and the rejected ones reported. Strict policy:
nothing is imported if any row is invalid. Running the same import twice stores it once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import EntityDecision, Job, Upload, User
from supplychain.domain.ruleset import load_ruleset
from supplychain.domain.scoring import EntityDecision as Decision
from supplychain.domain.scoring import score_frame, supplier_key
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.pipeline import IntakeResult
from supplychain.services import audit, bulk, jobs, previews, supplier_store
from supplychain.services.jobs import JobContext, JobFailed, JobRunner, Progress

MAX_STORED_ISSUES = 5000
DEFAULT_RULESET = "default"


@jobs.handler("import_upload")
def import_upload_job(ctx: JobContext, job: Any, progress: Progress) -> dict[str, Any]:
    return import_upload(ctx, job.target_id, progress)


def import_upload(ctx: JobContext, upload_id: int, progress: Progress) -> dict[str, Any]:
    try:
        return _import(ctx, upload_id, progress)
    except JobFailed:
        raise
    except Exception:
        with ctx.db.transaction() as s:
            upload = s.get(Upload, upload_id)
            if upload is not None and upload.status != "done":
                upload.status = "failed"
                upload.error = "The import stopped on an internal error; nothing was imported."
        raise


def queue_import(
    ctx: JobContext, runner: JobRunner, company_id: int, upload_id: int, user_id: int | None
) -> Job:
    """Write the job row first, then hand it to the runner (a lost queue loses nothing)."""
    with ctx.db.transaction() as s:
        upload = s.get(Upload, upload_id)
        if upload.status not in ("done", "processing"):
            upload.status, upload.error = "queued", None
        job = jobs.create(s, company_id, "import_upload", upload_id, user_id)
    rq_id = runner.submit(job.id)
    if rq_id:
        with ctx.db.transaction() as s:
            s.get(Job, job.id).rq_id = rq_id
    return job


def _import(ctx: JobContext, upload_id: int, progress: Progress) -> dict[str, Any]:
    with ctx.db.transaction() as s:
        upload = s.get(Upload, upload_id)
        if upload is None:
            raise JobFailed(f"Upload {upload_id} no longer exists.")
        if upload.status == "done":
            return summary(upload)
        upload.status, upload.error = "processing", None
        company_id, strict, name = upload.company_id, upload.strict, upload.file_name
    progress(0, 4, "reading and validating")
    mapping, result = _read(ctx, upload)
    if strict and result.invalid_rows:
        _refuse(
            ctx,
            upload_id,
            result,
            f"Strict import refused: {len(result.invalid_rows)} "
            f"of {result.rows} rows are invalid in {name}; nothing was imported.",
        )
    if result.frame.empty:
        _refuse(
            ctx,
            upload_id,
            result,
            f"No valid supplier rows in {name}; nothing was "
            "imported. Download the error workbook to see what to fix.",
        )
    progress(1, 4, "scoring")
    as_of = utcnow().date()
    with ctx.db.reading() as s:
        decisions = company_decisions(s, company_id)
    rules = load_ruleset(DEFAULT_RULESET, ctx.settings.rules_dir, ctx.settings.reference_store_dir)
    scored = score_frame(result.frame, rules, as_of=as_of, decisions=decisions)
    progress(2, 4, "storing")
    with ctx.db.transaction() as s:
        upload = s.get(Upload, upload_id)
        if upload is None or upload.status == "done":  # another run finished it first
            return summary(upload) if upload else {}
        upload.mapping = mapping
        _store(s, upload, result, scored, as_of)
        out = summary(upload)
    progress(4, 4, "done")
    return out


def _read(ctx: JobContext, upload: Upload) -> tuple[dict[str, Any] | None, IntakeResult]:
    """The upload read with its confirmed mapping or, when it has none (an upload from the CLI
    or the API), with the mapping the company confirmed for the same headers."""
    try:
        if upload.mapping is None:
            return previews.read_as_saved(ctx, upload)
        return upload.mapping, previews.read(ctx, upload, upload.mapping)
    except FileRejected as exc:
        with ctx.db.transaction() as s:
            stored = s.get(Upload, upload.id)
            stored.status, stored.error = "rejected", exc.reason
            stored.report = {"file": {"name": upload.file_name}, "rejected": exc.reason}
            stored.completed_at = utcnow()
            audit.record(
                s,
                stored.company_id,
                None,
                "upload.rejected",
                "upload",
                upload.id,
                {"reason": exc.reason},
            )
        raise JobFailed(exc.reason) from exc


def _refuse(ctx: JobContext, upload_id: int, result: IntakeResult, reason: str) -> None:
    with ctx.db.transaction() as s:
        upload = s.get(Upload, upload_id)
        _apply_counts(upload, result)
        upload.status, upload.error, upload.completed_at = "failed", reason, utcnow()
        audit.record(
            s, upload.company_id, None, "upload.refused", "upload", upload_id, {"reason": reason}
        )
    raise JobFailed(reason)


def _store(s: Session, upload: Upload, result: IntakeResult, scored: Any, as_of: date) -> None:
    frame = result.frame
    with bulk.roomy_cache(s):
        stored = supplier_store.store_import(
            s, upload.company_id, upload.id, frame, supplier_key(frame).tolist(), scored, as_of
        )
    _apply_counts(upload, result)
    upload.rows_imported, upload.status, upload.completed_at = stored.rows, "done", utcnow()
    audit.record(
        s,
        upload.company_id,
        None,
        "upload.imported",
        "upload",
        upload.id,
        {
            "rows_imported": stored.rows,
            "rows_invalid": len(result.invalid_rows),
            "suppliers": stored.suppliers,
            "rule_hits": stored.hits,
            "ruleset": f"{scored.ruleset.id}@{scored.ruleset.version}",
            "ruleset_sha256": scored.ruleset.sha256,
        },
    )


def _apply_counts(upload: Upload, result: IntakeResult) -> None:
    upload.report = result.report(limit=MAX_STORED_ISSUES)
    upload.sheet, upload.header_row = result.file.sheet, result.file.header_row
    upload.format = result.file.format
    upload.rows_total, upload.rows_invalid = result.rows, len(result.invalid_rows)
    upload.rows_valid = result.rows - len(result.invalid_rows)
    upload.warnings_count = len(result.warnings)


def company_decisions(s: Session, company_id: int) -> list[Decision]:
    """The company's entity-match decisions for the scoring core, decided by e-mail address."""
    stmt = (
        select(EntityDecision, User.email)
        .outerjoin(User, User.id == EntityDecision.decided_by_id)
        .where(EntityDecision.company_id == company_id)
        .order_by(EntityDecision.id)
    )
    return [
        Decision(
            supplier_key=d.supplier_key,
            entity=d.entity,
            edition=d.edition,
            status=d.status,
            reason=d.reason,
            decided_by=email or "",
        )
        for d, email in s.execute(stmt)
    ]


def summary(upload: Upload) -> dict[str, Any]:
    return {
        "upload_id": upload.id,
        "status": upload.status,
        "rows": upload.rows_total,
        "imported": upload.rows_imported,
        "invalid": upload.rows_invalid,
        "warnings": upload.warnings_count,
    }
