"""The upload flow in the browser: choose a file, preview and map it, import it, watch progress.

upload (POST /uploads/) -> preview and mapping (/uploads/<id>) -> confirm -> progress
(/uploads/<id>/progress, polling /uploads/<id>/status) -> the supplier table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from wtforms.validators import ValidationError

from supplychain.db.models import Job, Upload, User
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.mapping import header_fingerprint
from supplychain.services import audit, imports, previews, uploads
from supplychain.services.errors import Conflict
from supplychain.web import incoming
from supplychain.web import upload_preview as preview
from supplychain.web.auth import require
from supplychain.web.extensions import database, limiter, runner, signed_in_user_key
from supplychain.web.forms import UPLOAD_EXTENSIONS, MappingForm, UploadForm, flash_errors

bp = Blueprint("uploads", __name__, url_prefix="/uploads")
LIST_LIMIT = 200
UPLOAD_RATE_LIMIT = "30 per minute"
CONFIRMABLE = ("previewed", "failed")


@bp.route("/", methods=["GET"])
@require("read")
def index() -> Any:
    with database().reading() as s:
        rows = s.scalars(
            select(Upload)
            .where(Upload.company_id == current_user.company_id)
            .order_by(Upload.created_at.desc(), Upload.id.desc())
            .limit(LIST_LIMIT)
        ).all()
    return render_template(
        "uploads/index.html", uploads=rows, form=UploadForm(), accept=UPLOAD_EXTENSIONS
    )


@bp.route("/", methods=["POST"])
@require("upload")
@limiter.limit(UPLOAD_RATE_LIMIT, key_func=signed_in_user_key)
def create() -> Any:
    form = UploadForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".index"))
    upload, created = _register(form.file.data, form.sheet.data or None, form.strict.data)
    if not created and upload.status not in previews.PREVIEWABLE:
        flash(
            f"This file was already uploaded on {upload.created_at:%Y-%m-%d %H:%M} UTC "
            f"as {upload.file_name}; here is that upload.",
            "info",
        )
        return redirect(url_for(".progress", upload_id=upload.id))
    preview.ask_preview(upload.id)
    return redirect(url_for(".show", upload_id=upload.id))


def _register(file: FileStorage, sheet: str | None, strict: bool) -> tuple[Upload, bool]:
    """Store the file once per company and content; a repeat may change sheet and policy."""
    me = current_user
    upload, created = incoming.receive(
        file, me.company_id, me.id, sheet=sheet, strict=strict, status="previewed"
    )
    if not created and upload.status in previews.PREVIEWABLE:
        uploads.change_options(database(), me.company_id, me.id, upload.id, sheet, strict)
    return upload, created


@bp.route("/<int:upload_id>")
@require("upload")
def show(upload_id: int) -> Any:
    upload, job = preview.load_with_job(upload_id)
    if upload.status not in previews.PREVIEWABLE:
        return redirect(url_for(".progress", upload_id=upload_id))
    return _preview_page(upload, job, _mapping_form(upload))


def _mapping_form(upload: Upload) -> MappingForm:
    columns = (upload.report or {}).get("columns", [])
    return MappingForm(data={"fields": [c["field"] or "" for c in columns]})


def _preview_page(
    upload: Upload, job: Job | None, form: MappingForm, problem: str | None = None
) -> Any:
    report = upload.report or {}
    return render_template(
        "uploads/preview.html",
        upload=upload,
        report=report,
        state=preview.status_payload(upload, job),
        errors=previews.in_sheet_order(report.get("errors", [])),
        examples=report.get("examples", {}),
        workbook_ready=previews.errors_path(upload).is_file(),
        columns=report.get("columns", []),
        form=form,
        problem=problem,
        limit=previews.DISPLAY_LIMIT,
    )


@bp.route("/<int:upload_id>/preview", methods=["POST"])
@require("upload")
def rerun(upload_id: int) -> Any:
    """Read the file again with the saved or automatic mapping (e.g. after a server error)."""
    preview.ask_preview(upload_id)
    return redirect(url_for(".show", upload_id=upload_id))


@bp.route("/<int:upload_id>/mapping", methods=["POST"])
@require("upload")
def mapping(upload_id: int) -> Any:
    """Re-run the preview with the posted mapping, or confirm the previewed one and import."""
    upload, job = preview.load_with_job(upload_id)
    columns = (upload.report or {}).get("columns")
    if upload.status not in previews.PREVIEWABLE or not columns:
        raise Conflict(f"Upload {upload_id} is {upload.status}; it has no mapping to change.")
    form = MappingForm()
    headers = [c["header"] for c in columns]
    try:
        if not form.validate_on_submit():
            raise ValidationError("The mapping form was incomplete; reload the page.")
        chosen = form.mapping(headers)
    except ValidationError as exc:
        return _preview_page(upload, job, form, str(exc)), 400
    confirmable = chosen == previews.columns_mapping(columns) and upload.status == "previewed"
    if form.wants_confirm() and confirmable:
        return _confirm(upload_id, chosen)
    preview.ask_preview(upload_id, chosen)
    if form.wants_confirm():
        flash("The mapping changed since the preview; check the new preview, then import.", "info")
    return redirect(url_for(".show", upload_id=upload_id))


def _confirm(upload_id: int, chosen: dict[str, str]) -> Any:
    with database().transaction() as s:
        upload = uploads.get(s, current_user.company_id, upload_id)
        if upload.status not in CONFIRMABLE:
            return redirect(url_for(".progress", upload_id=upload_id))
        user = s.get(User, current_user.id)
        fingerprint = header_fingerprint(list(chosen))
        uploads.save_mapping(s, upload.company_id, user, fingerprint, chosen)
        upload.mapping = chosen
        audit.record(
            s,
            upload.company_id,
            user,
            "upload.confirmed",
            "upload",
            upload.id,
            {"strict": upload.strict},
        )
    imports.queue_import(
        preview.context(), runner(), current_user.company_id, upload_id, current_user.id
    )
    return redirect(url_for(".progress", upload_id=upload_id))


@bp.route("/<int:upload_id>/retry", methods=["POST"])
@require("upload")
def retry(upload_id: int) -> Any:
    """Queue a failed import again with the mapping it was confirmed with."""
    upload = preview.load(upload_id)
    if upload.status != "failed" or upload.mapping is None:
        raise Conflict(
            f"Upload {upload_id} is {upload.status}; only a failed import can be retried."
        )
    return _confirm(upload_id, upload.mapping)


@bp.route("/<int:upload_id>/errors.xlsx")
@require("upload")
def errors_workbook(upload_id: int) -> Any:
    upload, job = preview.load_with_job(upload_id)
    try:
        path, temporary = preview.error_workbook(upload, job)
    except FileRejected as exc:
        raise Conflict(exc.reason) from exc
    response = send_file(
        path,
        as_attachment=True,
        download_name=f"{Path(upload.file_name).stem[:80] or 'upload'}-errors.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        max_age=0,
    )
    if temporary:
        response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response


@bp.route("/<int:upload_id>/progress")
@require("read")
def progress(upload_id: int) -> Any:
    upload, job = preview.load_with_job(upload_id)
    if upload.status in previews.PREVIEWABLE and current_user.can("upload"):
        return redirect(url_for(".show", upload_id=upload_id))
    return render_template(
        "uploads/progress.html",
        upload=upload,
        report=upload.report or {},
        errors=previews.in_sheet_order((upload.report or {}).get("errors", [])),
        state=preview.status_payload(upload, job),
        limit=previews.DISPLAY_LIMIT,
    )


@bp.route("/<int:upload_id>/status")
@require("read")
def status(upload_id: int) -> Any:
    """The progress page polls this (same session, GET only)."""
    upload, job = preview.load_with_job(upload_id)
    response = jsonify(preview.status_payload(upload, job))
    response.headers["Cache-Control"] = "no-store"
    return response
