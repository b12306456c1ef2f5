"""Previewing an upload before it is imported: read and validate it with a column mapping and
keep the report (and, when rows are invalid, the error workbook). Nothing is imported here.

A preview runs as a job (a large workbook takes longer than a web request may), so a person can
watch it, change the mapping and preview again. Reading happens outside any write transaction;
only the short step that stores the outcome takes the write lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

import pandas as pd
from sqlalchemy.orm import Session

from supplychain.db.models import Job, Upload, User
from supplychain.ingest.errors import FileRejected, HeaderNotFound
from supplychain.ingest.limits import Limits
from supplychain.ingest.mapping import header_fingerprint
from supplychain.ingest.normalise.text import as_text
from supplychain.ingest.pipeline import IntakeResult, read_upload, write_error_workbook
from supplychain.services import audit, jobs, uploads
from supplychain.services.errors import Conflict
from supplychain.services.jobs import JobContext, JobRunner, Progress

KIND: Final = "preview_upload"
PREVIEWABLE: Final = ("previewed", "rejected")
DISPLAY_LIMIT: Final = 1000  # errors and warnings kept with the preview; the workbook has all
EXAMPLES: Final = 3
EXAMPLE_CHARS: Final = 40

Mapping = dict[str, str]


@jobs.handler(KIND)
def preview_upload_job(ctx: JobContext, job: Job, progress: Progress) -> dict[str, Any]:
    return preview_upload(ctx, job.target_id, job.created_by_id, progress)


def queue_preview(
    ctx: JobContext,
    runner: JobRunner,
    company_id: int,
    upload_id: int,
    user_id: int | None,
    mapping: Mapping | None = None,
) -> Job:
    """Ask for a new preview with ``mapping`` ({header: field or ""}; None: a mapping saved for
    the same headers, else the automatic one). The old report is dropped at once."""
    with ctx.db.transaction() as s:
        upload = previewable(s, company_id, upload_id)
        upload.status, upload.error, upload.mapping, upload.report = (
            "previewed",
            None,
            mapping,
            None,
        )
        errors_path(upload).unlink(missing_ok=True)  # it belongs to the old mapping
        job = jobs.create(s, company_id, KIND, upload_id, user_id)
    rq_id = runner.submit(job.id)
    if rq_id:
        with ctx.db.transaction() as s:
            s.get(Job, job.id).rq_id = rq_id
    return job


def previewable(s: Session, company_id: int, upload_id: int) -> Upload:
    upload = uploads.get(s, company_id, upload_id)
    if upload.status not in PREVIEWABLE:
        raise Conflict(f"Upload {upload_id} is already {upload.status}; it cannot be previewed.")
    return upload


def preview_upload(
    ctx: JobContext, upload_id: int, user_id: int | None, progress: Progress
) -> dict[str, Any]:
    with ctx.db.reading() as s:
        upload = s.get(Upload, upload_id)
    asked = upload.mapping
    progress(0, 3, "reading and validating")
    try:
        mapping, result = (
            read_as_saved(ctx, upload) if asked is None else (asked, read(ctx, upload, asked))
        )
    except FileRejected as exc:
        _store_rejection(ctx, upload_id, asked, user_id, exc)
        return {"upload_id": upload_id, "rejected": exc.reason}
    source = "edited" if asked else "saved" if mapping else "automatic"
    report = _report(result, source)
    progress(1, 3, "storing the report")
    if _store_preview(ctx, upload_id, asked, user_id, (result, mapping, report)):
        progress(2, 3, "writing the error workbook")  # the report is visible meanwhile
        _write_errors(ctx, upload, result)
    return {"upload_id": upload_id, **report["summary"]}


def read(ctx: JobContext, upload: Upload, mapping: Mapping | None) -> IntakeResult:
    """Read and validate the stored file with ``mapping`` (None: the automatic aliases)."""
    return read_upload(
        Path(upload.stored_path),
        name=upload.file_name,
        sheet=upload.sheet,
        mapping=mapping,
        limits=Limits(max_bytes=ctx.settings.max_upload_bytes),
    )


def errors_path(upload: Upload) -> Path:
    """Where the error workbook of the upload's latest preview is kept."""
    return Path(upload.stored_path).with_suffix(".errors.xlsx")


def _write_errors(ctx: JobContext, upload: Upload, result: IntakeResult) -> None:
    """Write the error workbook beside the upload and put it in place at once, unless the report
    shown now comes from another mapping (the person asked for another preview meanwhile)."""
    path = errors_path(upload)
    if not result.errors:
        path.unlink(missing_ok=True)
        return
    partial = path.with_suffix(f".{os.getpid()}.part")
    write_error_workbook(result, partial)
    with ctx.db.reading() as s:
        shown = s.get(Upload, upload.id).report or {}
    if columns_mapping(shown.get("columns", [])) == _result_mapping(result):
        os.replace(partial, path)
    else:
        partial.unlink(missing_ok=True)


def _guessed_header(exc: HeaderNotFound) -> dict[str, Any]:
    columns = [{"header": h, "column": c, "field": None} for h, c in exc.columns]
    return {"columns": columns, "examples": exc.examples, "mapping_source": "by hand"}


def columns_mapping(columns: list[dict[str, Any]]) -> Mapping:
    """{header: field or ""} of a stored report's columns."""
    return {c["header"]: c["field"] or "" for c in columns}


def _result_mapping(result: IntakeResult) -> Mapping:
    return {c.header: c.field or "" for c in result.columns}


def read_as_saved(ctx: JobContext, upload: Upload) -> tuple[Mapping | None, IntakeResult]:
    """Read with the mapping the company confirmed for the same headers (returned with the
    result), else with the automatic one (None). Headers no alias recognises are looked up too,
    so a file mapped by hand once is read the same way the next time."""
    try:
        result = read(ctx, upload, None)
    except HeaderNotFound as exc:
        saved = _saved(ctx, upload.company_id, header_fingerprint([h for h, _ in exc.columns]))
        if not saved:
            raise
        return saved, read(ctx, upload, saved)
    saved = _saved(ctx, upload.company_id, result.header_fingerprint)
    if not saved:
        return None, result
    if saved == _result_mapping(result):
        return saved, result
    return saved, read(ctx, upload, saved)


def _saved(ctx: JobContext, company_id: int, fingerprint: str) -> Mapping | None:
    with ctx.db.reading() as s:
        return uploads.saved_mapping(s, company_id, fingerprint)


def _report(result: IntakeResult, source: str) -> dict[str, Any]:
    report = result.report()
    report["error_total"] = len(report["errors"])
    report["errors"] = in_sheet_order(report["errors"])[:DISPLAY_LIMIT]
    report["warnings"] = report["warnings"][:DISPLAY_LIMIT]
    report["examples"] = _examples(result)
    report["mapping_source"] = source
    return report


def _current(s: Session, upload_id: int, asked: Mapping | None) -> Upload | None:
    """The upload, unless a newer preview was asked for meanwhile (it will store its own)."""
    upload = s.get(Upload, upload_id)
    if upload is None or upload.status not in PREVIEWABLE or upload.mapping != asked:
        return None
    return upload


def _store_rejection(
    ctx: JobContext,
    upload_id: int,
    asked: Mapping | None,
    user_id: int | None,
    exc: FileRejected,
) -> None:
    reason = exc.reason
    with ctx.db.transaction() as s:
        upload = _current(s, upload_id, asked)
        if upload is None:
            return
        upload.status, upload.error = "rejected", reason
        upload.report = {"file": {"name": upload.file_name}, "rejected": reason}
        if isinstance(exc, HeaderNotFound) and exc.columns:  # the person may map it by hand
            upload.report |= _guessed_header(exc)
        actor = s.get(User, user_id) if user_id else None
        details = {"reason": reason}
        audit.record(s, upload.company_id, actor, "upload.rejected", "upload", upload_id, details)


def _store_preview(
    ctx: JobContext,
    upload_id: int,
    asked: Mapping | None,
    user_id: int | None,
    found: tuple[IntakeResult, Mapping | None, dict[str, Any]],
) -> bool:
    """Keep the report; False when a newer preview was asked for meanwhile."""
    result, mapping, report = found
    with ctx.db.transaction() as s:
        upload = _current(s, upload_id, asked)
        if upload is None:
            return False
        upload.status, upload.mapping, upload.report = "previewed", mapping, report
        _apply_counts(upload, result)
        actor = s.get(User, user_id) if user_id else None
        details = {**report["summary"], "mapping": report["mapping_source"]}
        audit.record(s, upload.company_id, actor, "upload.previewed", "upload", upload_id, details)
    return True


def _apply_counts(upload: Upload, result: IntakeResult) -> None:
    upload.sheet, upload.header_row = result.file.sheet, result.file.header_row
    upload.format = result.file.format
    upload.rows_total, upload.rows_invalid = result.rows, len(result.invalid_rows)
    upload.rows_valid = result.rows - len(result.invalid_rows)
    upload.warnings_count = len(result.warnings)


def _examples(result: IntakeResult) -> dict[str, list[str]]:
    """A few values of each column, to help a person choose its field."""
    out: dict[str, list[str]] = {}
    for header, values in result.raw_columns.items():
        texts = (_cell_text(v) for v in values.head(50).tolist())
        out[header] = list(dict.fromkeys(t for t in texts if t))[:EXAMPLES]
    return out


def _cell_text(value: Any) -> str:
    if not isinstance(value, str) and (value is None or pd.isna(value)):
        return ""
    text = (as_text(value, 32_767).value or "").strip()
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def in_sheet_order(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issues by row, then column (A, B, ..., Z, AA), file-level ones first."""

    def key(issue: dict[str, Any]) -> tuple[int, int, str]:
        column = issue.get("column") or ""
        return (issue.get("row") or 0, len(column), column)

    return sorted(issues, key=key)
