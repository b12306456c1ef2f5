"""What the upload pages share: loading an upload of the signed-in company, asking for a preview,
the progress of its latest job and the error workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask_login import current_user
from sqlalchemy.orm import Session

from supplychain.db.models import Job, Upload
from supplychain.ingest.pipeline import write_error_workbook
from supplychain.services import jobs, previews, uploads
from supplychain.services.errors import Conflict
from supplychain.services.jobs import JobContext
from supplychain.web.extensions import database, runner, settings

IMPORT_KIND = "import_upload"
ACTIVE = ("queued", "started")
FINAL = ("done", "failed", "rejected")


def context() -> JobContext:
    return JobContext(database(), settings())


def load(upload_id: int) -> Upload:
    """The signed-in user's company's upload (NotFound for any other)."""
    with database().reading() as s:
        return uploads.get(s, current_user.company_id, upload_id)


def load_with_job(upload_id: int) -> tuple[Upload, Job | None]:
    """The upload and its newest preview or import job, if any."""
    with database().reading() as s:
        upload = uploads.get(s, current_user.company_id, upload_id)
        return upload, latest_job(s, current_user.company_id, upload_id)


def latest_job(s: Session, company_id: int, upload_id: int) -> Job | None:
    found = [
        jobs.latest_for(s, company_id, kind, upload_id) for kind in (previews.KIND, IMPORT_KIND)
    ]
    return max((j for j in found if j is not None), key=lambda j: j.id, default=None)


def ask_preview(upload_id: int, mapping: dict[str, str] | None = None) -> None:
    previews.queue_preview(
        context(), runner(), current_user.company_id, upload_id, current_user.id, mapping
    )


def status_payload(upload: Upload, job: Job | None) -> dict[str, Any]:
    """What the pages poll: the upload's status, its latest job's progress, and the counts.
    ``ready`` says the page can show the outcome: a preview's report, or an import's end."""
    importing = job is None or job.kind == IMPORT_KIND
    done = upload.status == "done" and importing
    failed = job is not None and job.status == "failed"
    return {
        "id": upload.id,
        "status": upload.status,
        "phase": "import" if importing else "preview",
        "finished": job is None or job.status not in ACTIVE,
        "ready": upload.report is not None if not importing else upload.status in FINAL,
        "progress": 1.0 if done else round(job.progress, 3) if job else 0.0,
        "stage": "done" if done else (job.stage or job.status) if job else upload.status,
        "error": upload.error or (job.error if failed else None),
        "summary": {
            "rows": upload.rows_total,
            "valid": upload.rows_valid,
            "invalid": upload.rows_invalid,
            "imported": upload.rows_imported,
            "warnings": upload.warnings_count,
        },
    }


def error_workbook(upload: Upload, job: Job | None) -> tuple[Path, bool]:
    """The error workbook kept by the upload's preview, or a fresh one (temporary: True) for an
    upload that was never previewed here (one sent through the API, say)."""
    kept = previews.errors_path(upload)
    if kept.is_file():
        return kept, False
    if job is not None and job.kind == previews.KIND and job.status in ACTIVE:
        raise Conflict("The error workbook is still being written; try again in a minute.")
    result = previews.read(context(), upload, upload.mapping)
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as out:
        path = Path(out.name)
    write_error_workbook(result, path)
    return path, True
