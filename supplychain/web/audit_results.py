"""Audit results uploaded in the browser: the spreadsheet of audits and their findings goes
through the same intake as ``supplychain audits import``, then its upload page shows the outcome
(or, for a file that cannot be used, the reason)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from supplychain.services.remediation.audit_import import import_audits
from supplychain.web import incoming
from supplychain.web.auth import require
from supplychain.web.extensions import database, limiter, settings, signed_in_user_key
from supplychain.web.forms import UploadForm, flash_errors
from supplychain.web.uploads import UPLOAD_RATE_LIMIT

bp = Blueprint("audit_results", __name__, url_prefix="/remediation/audits")


@bp.route("/import", methods=["POST"])
@require("remediate")
@limiter.limit(UPLOAD_RATE_LIMIT, key_func=signed_in_user_key)
def import_file() -> Any:
    form = UploadForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("remediation.index"))
    sent = form.file.data
    with incoming.saved(sent) as path:
        done = import_audits(
            database(),
            settings(),
            current_user.company_id,
            path,
            sent.filename or "audit results",
            current_user.id,
            strict=form.strict.data,
            sheet=form.sheet.data or None,
        )
    if done.get("already_imported"):
        flash("This file was imported before; here is that import.", "info")
    return redirect(url_for("uploads.progress", upload_id=done["upload_id"]))
