"""The preview of an upload: read it without importing, keep the report, build the error workbook.

Reading happens outside any write transaction (a large file takes seconds and SQLite has one
writer); only the short step that stores the outcome holds the write lock.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Final

import pandas as pd
from flask_login import current_user

from supplychain.db.models import Job, Upload, User
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import Limits
from supplychain.ingest.normalise.text import as_text
from supplychain.ingest.pipeline import IntakeResult, read_upload, write_error_workbook
from supplychain.services import audit, uploads
from supplychain.services.errors import Conflict
from supplychain.web.extensions import database, settings

DISPLAY_LIMIT: Final = 1000
EXAMPLES: Final = 3
EXAMPLE_CHARS: Final = 40
PREVIEWABLE: Final = ("previewed", "rejected")


def limits() -> Limits:
    return Limits(max_bytes=settings().max_upload_bytes)


def read(upload: Upload, mapping: dict[str, str] | None) -> IntakeResult:
    """Read and validate the stored file with ``mapping`` (None: the automatic aliases)."""
    return read_upload(
        Path(upload.stored_path),
        name=upload.file_name,
        sheet=upload.sheet,
        mapping=mapping,
        limits=limits(),
    )


def automatic_mapping(result: IntakeResult) -> dict[str, str]:
    """The mapping intake chose, written out in full: {header: field or ""}."""
    return {c.header: c.field or "" for c in result.columns}


def run_preview(upload_id: int, mapping: dict[str, str] | None = None) -> None:
    """Read the upload with the person's ``mapping`` (when None: a mapping saved for the same
    headers, else the automatic one) and store the report, or the reason the file is rejected."""
    with database().reading() as s:
        upload = uploads.get(s, current_user.company_id, upload_id)
    source = "automatic" if mapping is None else "edited"
    try:
        result = read(upload, mapping)
        if mapping is None:
            mapping, result = _apply_saved_mapping(upload, result)
            source = "saved" if mapping else source
    except FileRejected as exc:
        _store_rejection(upload_id, mapping, exc.reason)
        return
    _store_preview(upload_id, result, mapping, source)


def _apply_saved_mapping(
    upload: Upload, result: IntakeResult
) -> tuple[dict[str, str] | None, IntakeResult]:
    with database().reading() as s:
        saved = uploads.saved_mapping(s, upload.company_id, result.header_fingerprint)
    if not saved:
        return None, result
    if saved == automatic_mapping(result):
        return saved, result
    return saved, read(upload, saved)


def _store_preview(
    upload_id: int, result: IntakeResult, mapping: dict[str, str] | None, source: str
) -> None:
    report = result.report()
    report["error_total"] = len(report["errors"])
    report["examples"] = _examples(result)
    report["errors"] = in_sheet_order(report["errors"])[:DISPLAY_LIMIT]
    report["warnings"] = report["warnings"][:DISPLAY_LIMIT]
    report["mapping_source"] = source
    with database().transaction() as s:
        upload = _previewable(s, upload_id)
        upload.status, upload.error, upload.mapping, upload.report = (
            "previewed",
            None,
            mapping,
            report,
        )
        upload.sheet, upload.header_row, upload.format = (
            result.file.sheet,
            result.file.header_row,
            result.file.format,
        )
        upload.rows_total, upload.rows_invalid = result.rows, len(result.invalid_rows)
        upload.rows_valid = result.rows - len(result.invalid_rows)
        upload.warnings_count = len(result.warnings)
        audit.record(
            s,
            upload.company_id,
            s.get(User, current_user.id),
            "upload.previewed",
            "upload",
            upload.id,
            {**report["summary"], "mapping": source},
        )


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


def _store_rejection(upload_id: int, mapping: dict[str, str] | None, reason: str) -> None:
    with database().transaction() as s:
        upload = _previewable(s, upload_id)
        upload.status, upload.error, upload.mapping = "rejected", reason, mapping
        upload.report = {"file": {"name": upload.file_name}, "rejected": reason}
        audit.record(
            s,
            upload.company_id,
            s.get(User, current_user.id),
            "upload.rejected",
            "upload",
            upload.id,
            {"reason": reason},
        )


def _previewable(s: Any, upload_id: int) -> Upload:
    upload = uploads.get(s, current_user.company_id, upload_id)
    if upload.status not in PREVIEWABLE:
        raise Conflict(f"Upload {upload_id} is already {upload.status}; it cannot be previewed.")
    return upload


def error_workbook(upload: Upload) -> Path:
    """A fresh error workbook for the upload as it is mapped now (a temporary file)."""
    result = read(upload, upload.mapping)
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as out:
        path = Path(out.name)
    write_error_workbook(result, path)
    return path


def status_payload(upload: Upload, job: Job | None) -> dict[str, Any]:
    """What the progress page polls: the upload's status, the job's progress and the counts."""
    finished = upload.status in ("done", "failed", "rejected")
    progress = 1.0 if upload.status == "done" else (job.progress if job else 0.0)
    return {
        "id": upload.id,
        "status": upload.status,
        "finished": finished,
        "progress": round(progress, 3),
        "stage": "done" if upload.status == "done" else (job.stage if job else "waiting"),
        "error": upload.error or (job.error if job and job.status == "failed" else None),
        "job": {"id": job.id, "status": job.status} if job else None,
        "summary": {
            "rows": upload.rows_total,
            "valid": upload.rows_valid,
            "invalid": upload.rows_invalid,
            "imported": upload.rows_imported,
            "warnings": upload.warnings_count,
        },
    }
