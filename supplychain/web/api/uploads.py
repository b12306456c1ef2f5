"""``POST /uploads`` and ``GET /uploads/{id}``: send a spreadsheet, then follow its import.

The same content sent again answers with the upload already made (no second import), except
that an upload whose import failed is queued again: re-sending the file is how a user retries.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import request
from werkzeug.datastructures import FileStorage

from supplychain.db.models import Job, Upload, User
from supplychain.services import audit, imports, jobs, uploads
from supplychain.services.errors import ServiceError
from supplychain.services.jobs import JobContext
from supplychain.web import incoming
from supplychain.web.api import api_require, api_user
from supplychain.web.api import openapi as oa
from supplychain.web.errors import respond
from supplychain.web.extensions import database, limiter, runner, settings

UPLOAD_RATE_LIMIT = "30 per minute"
IMPORT_KIND = "import_upload"

UPLOAD_STATUS = {
    "type": "string",
    "enum": ["previewed", "queued", "processing", "done", "failed", "rejected"],
}
ACCEPTED = oa.schema(
    "UploadAccepted",
    {
        "type": "object",
        "required": ["id", "status", "job_id"],
        "properties": {
            "id": {"type": "integer"},
            "status": UPLOAD_STATUS,
            "job_id": oa.nullable({"type": "integer"}),
        },
    },
)
UPLOAD = oa.schema(
    "Upload",
    {
        "type": "object",
        "required": ["id", "status", "progress", "report"],
        "properties": {
            "id": {"type": "integer"},
            "file_name": {"type": "string"},
            "status": UPLOAD_STATUS,
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "stage": oa.nullable({"type": "string"}),
            "error": oa.nullable({"type": "string"}),
            "report": oa.nullable(
                {"type": "object", "description": "The validation report (see INTERFACES.md)."}
            ),
        },
    },
)
NEW_UPLOAD = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": ".xlsx, .xls, .ods or .csv"},
        "sheet": oa.text(255, description="The sheet to read."),
        "strict": {"type": "boolean", "description": "Import nothing if any row is invalid."},
        "encoding": {
            "type": "string",
            "enum": list(uploads.CONFIRMABLE_ENCODINGS),
            "description": (
                "Confirms that a CSV file that is not UTF-8 is Windows-1252, after its "
                "preview words (the 422 answer) read right."
            ),
        },
    },
}
UNCONFIRMED = oa.schema(
    "EncodingUnconfirmed",
    {
        "type": "object",
        "description": "A CSV file that is not UTF-8, refused until its encoding is confirmed.",
        "required": ["error", "preview"],
        "properties": {
            "error": {"type": "string"},
            "reference": {"type": "string"},
            "preview": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Some of its words as Windows-1252 reads them.",
            },
        },
    },
)
CONFIRM_HOW = "send it again with the field encoding=cp1252"


def _token_key() -> str:
    """Rate-limit per API token (checked before the token is), never per shared address."""
    return hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest()


@oa.path(
    "post",
    "/uploads",
    summary="Upload a supplier spreadsheet and queue its import",
    body=oa.multipart_body(NEW_UPLOAD),
    responses={202: ACCEPTED, 422: UNCONFIRMED, 503: oa.ref("Error")},
    rate_limited=True,
    description=(
        "A CSV file that is not UTF-8 but reads as Windows-1252 is refused (422, nothing "
        "stored) with a preview of its words; if they read right, send it again with "
        "encoding=cp1252."
    ),
)
@limiter.limit(UPLOAD_RATE_LIMIT, key_func=_token_key)
@api_require("upload")
def create_upload() -> Any:
    sent = request.files.get("file")
    if not isinstance(sent, FileStorage):
        raise ServiceError("Send the spreadsheet as the multipart/form-data field 'file'.")
    options = oa.form_args(NEW_UPLOAD)
    me = api_user()
    try:
        upload_id, created = _register(sent, options)
    except uploads.EncodingUnconfirmed as exc:
        body, status, headers = respond(exc.status, exc.message)
        return {**body, "preview": exc.preview}, status, headers
    with database().reading() as s:
        upload = s.get(Upload, upload_id)
        job = jobs.latest_for(s, me.company_id, IMPORT_KIND, upload_id)
    if created or upload.status == "failed":
        if not created:
            _record_retry(upload_id)
        job = imports.queue_import(
            JobContext(database(), settings()), runner(), me.company_id, upload_id, me.id
        )
    with database().reading() as s:
        status = s.get(Upload, upload_id).status
    return {"id": upload_id, "status": status, "job_id": job.id if job else None}, 202


def _register(sent: FileStorage, options: dict[str, Any]) -> tuple[int, bool]:
    me = api_user()
    check = uploads.EncodingCheck(settings().max_upload_bytes, options["encoding"], CONFIRM_HOW)
    upload, created = incoming.receive(
        sent,
        me.company_id,
        me.id,
        encoding_check=check,
        sheet=options["sheet"],
        strict=bool(options["strict"]),
    )
    return upload.id, created


def _record_retry(upload_id: int) -> None:
    me = api_user()
    with database().transaction() as s:
        audit.record(s, me.company_id, s.get(User, me.id), "upload.retried", "upload", upload_id)


@oa.path(
    "get",
    "/uploads/{upload_id}",
    summary="An upload's status, import progress and validation report",
    responses={200: UPLOAD},
)
@api_require("read")
def get_upload(upload_id: int) -> Any:
    company_id = api_user().company_id
    with database().reading() as s:
        upload = uploads.get(s, company_id, upload_id)
        job = jobs.latest_for(s, company_id, IMPORT_KIND, upload.id)
        return upload_json(upload, job)


def upload_json(upload: Upload, job: Job | None) -> dict[str, Any]:
    finished = upload.status == "done"
    return {
        "id": upload.id,
        "file_name": upload.file_name,
        "status": upload.status,
        "progress": 1.0 if finished else (job.progress if job else 0.0),
        "stage": job.stage if job else None,
        "error": upload.error,
        "report": upload.report,
    }
