"""Remediation pages: findings, corrective actions, evidence, the worker remedy ledger.

Thin views over ``supplychain.services.remediation``: reading needs ``read``, every change
``remediate``. A finding, action, attachment or ledger entry of another company is a 404.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from supplychain.db.base import utcnow
from supplychain.db.models import Supplier, User
from supplychain.db.models.remediation import FINDING_SOURCES, SEVERITIES
from supplychain.services import suppliers
from supplychain.services.errors import NotFound, ServiceError
from supplychain.services.remediation import (
    actions,
    attachments,
    detail,
    findings,
    indicators,
    remedy,
    workflow,
)
from supplychain.web.auth import require
from supplychain.web.extensions import database, settings
from supplychain.web.forms import UPLOAD_EXTENSIONS, UploadForm

bp = Blueprint("remediation", __name__, url_prefix="/remediation")
SUPPLIER_CHOICES = 25  # suppliers offered for a name typed on the new-finding page
MAX_ID = 2**31 - 1  # ids beyond a 32-bit integer cannot exist; PostgreSQL would refuse them
Change = Callable[[Session, User], object]  # makes one change inside the transaction


@bp.route("/findings")
@require("read")
def index() -> Any:
    f = findings.FindingFilter(
        status=request.args.get("status") or None,
        severity=request.args.get("severity") or None,
        supplier_id=_arg_id("supplier_id"),
        page=min(max(request.args.get("page", 1, type=int), 1), MAX_ID),
    )
    with database().reading() as s:
        supplier = _supplier(s, f.supplier_id)
        rows, total = findings.list_findings(s, current_user.company_id, f)
        ledger = [t.as_dict() for t in remedy.totals(s, current_user.company_id)]
    pages = max((total + f.per_page - 1) // f.per_page, 1)
    return render_template(
        "remediation/index.html",
        supplier=supplier,
        ledger=ledger,
        remedy_kinds=remedy.KINDS,
        rows=rows,
        total=total,
        f=f,
        pages=pages,
        severities=SEVERITIES,
        statuses=findings.FINDING_STATUSES,
        audit_form=UploadForm(),
        accept=UPLOAD_EXTENSIONS,
    )


@bp.route("/findings/new")
@require("remediate")
def new_finding() -> Any:
    """The finding form for a supplier; without one, a search to choose the supplier first.

    ``source_type``, ``source_ref`` and ``title`` in the query string pre-fill the form (the
    supplier page links here from a risk rule's hit)."""
    return _finding_form(_arg_id("supplier_id"), request.args)


@bp.route("/findings/new", methods=["POST"])
@require("remediate")
def create_finding() -> Any:
    form = request.form
    try:
        new = findings.NewFinding(
            supplier_id=_form_int("supplier_id"), **_finding_fields(source_type="manual")
        )
        with database().transaction() as s:
            finding = findings.create(s, settings(), current_user.company_id, _actor(s), new)
            finding_id = finding.id
    except NotFound:
        raise
    except ServiceError as exc:
        flash(exc.message, "error")
        return _finding_form(_arg_id("supplier_id", form), form), 400
    flash("Finding recorded; the supplier was re-scored.")
    return redirect(url_for(".show", finding_id=finding_id))


def _finding_form(supplier_id: int | None, values: Any) -> str:
    """The new-finding page filled with ``values`` (query string or a refused form)."""
    query = values.get("q", "").strip()[:200]
    matches: list[Any] = []
    with database().reading() as s:
        supplier = _supplier(s, supplier_id)
        if supplier is None and query:
            f = suppliers.SupplierFilter(
                q=query, sort="name", descending=False, per_page=SUPPLIER_CHOICES
            )
            matches, _ = suppliers.list_suppliers(s, current_user.company_id, f)
    return render_template(
        "remediation/new.html",
        supplier=supplier,
        query=query,
        matches=matches,
        match_limit=SUPPLIER_CHOICES,
        severities=SEVERITIES,
        sources=FINDING_SOURCES,
        indicators=indicators.load(settings().rules_dir),
        form=values,
    )


@bp.route("/findings/<int:finding_id>")
@require("read")
def show(finding_id: int) -> Any:
    today = utcnow().date()
    with database().reading() as s:
        d = detail.finding_detail(s, settings(), current_user.company_id, finding_id, today)
    return render_template(
        "remediation/show.html",
        d=d,
        labels=workflow.LABELS,
        today=today,
        reason_needed={
            k: [t for t, need in v.items() if need] for k, v in workflow.TRANSITIONS.items()
        },
        remedy_kinds=remedy.KINDS,
        severities=SEVERITIES,
        sources=FINDING_SOURCES,
        all_indicators=indicators.load(settings().rules_dir),
    )


@bp.route("/findings/<int:finding_id>/edit", methods=["POST"])
@require("remediate")
def edit_finding(finding_id: int) -> Any:
    """Correct a recorded finding (every field the form sends; an empty date is left as is)."""

    def run(s: Session, me: User) -> int:
        changes = findings.FindingChanges(**_finding_fields(source_type=""))
        findings.update(s, settings(), _company(), me, finding_id, changes)
        return finding_id

    return _change(run, "Finding saved.", finding_id)


@bp.route("/findings/<int:finding_id>/actions", methods=["POST"])
@require("remediate")
def add_action(finding_id: int) -> Any:
    def run(s: Session, me: User) -> int:
        new = actions.NewAction(
            title=request.form.get("title", ""),
            owner=request.form.get("owner", ""),
            due_date=_form_date("due_date"),
            description=request.form.get("description", ""),
        )
        return actions.add(s, _company(), me, finding_id, new).finding_id

    return _change(run, "Corrective action added.", finding_id)


@bp.route("/actions/<int:action_id>/status", methods=["POST"])
@require("remediate")
def change_status(action_id: int) -> Any:
    target, reason = request.form.get("to", ""), request.form.get("reason", "")

    def run(s: Session, me: User) -> int:
        return actions.change_status(
            s, settings(), _company(), me, action_id, target, reason
        ).finding_id

    label = workflow.LABELS.get(target, target)
    return _change(run, f"Action moved to {label}.", _finding_of_action(action_id))


@bp.route("/actions/<int:action_id>/comments", methods=["POST"])
@require("remediate")
def comment(action_id: int) -> Any:
    text = request.form.get("comment", "")
    return _change(
        lambda s, me: actions.comment(s, _company(), me, action_id, text),
        "Comment added.",
        _finding_of_action(action_id),
    )


@bp.route("/findings/<int:finding_id>/attachments", methods=["POST"])
@require("remediate")
def attach(finding_id: int) -> Any:
    action_id = request.form.get("action_id", type=int)
    action_id = action_id if action_id and 1 <= action_id <= MAX_ID else None

    def run(s: Session, me: User) -> int:
        findings.get(s, _company(), finding_id)
        if action_id and actions.get(s, _company(), action_id).finding_id != finding_id:
            raise NotFound(f"No corrective action {action_id} on this finding.")
        _store_upload(s, me, finding_id, action_id)
        return finding_id

    return _change(run, "Evidence attached.", finding_id)


@bp.route("/attachments/<int:attachment_id>")
@require("read")
def download(attachment_id: int) -> Any:
    with database().reading() as s:
        found = attachments.get(s, current_user.company_id, attachment_id)
        path, mimetype, name = (
            found.stored_path,
            found.content_type,
            attachments.download_name(found),
        )
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/findings/<int:finding_id>/remedy", methods=["POST"])
@require("remediate")
def add_remedy(finding_id: int) -> Any:
    form = request.form

    def run(s: Session, me: User) -> int:
        findings.get(s, _company(), finding_id)
        evidence = _store_upload(s, me, finding_id, None, required=False)
        new = remedy.NewRemedy(
            kind=form.get("kind", ""),
            currency=form.get("currency", ""),
            amount_owed=form.get("amount_owed", ""),
            workers_affected=form.get("workers", "0"),
            amount_repaid=form.get("amount_repaid", "") or "0",
            paid_on=_form_date("paid_on"),
            notes=form.get("notes", ""),
            evidence_attachment_id=evidence,
        )
        return remedy.add(s, _company(), me, finding_id, new).finding_id

    return _change(run, "Remedy entry recorded.", finding_id)


@bp.route("/remedy/<int:entry_id>/repayments", methods=["POST"])
@require("remediate")
def repay(entry_id: int) -> Any:
    finding_id = _finding_of_entry(entry_id)

    def run(s: Session, me: User) -> int:
        evidence = _store_upload(s, me, finding_id, None, required=False)
        remedy.record_repayment(
            s,
            _company(),
            me,
            entry_id,
            request.form.get("amount", ""),
            _form_date("paid_on"),
            evidence,
        )
        return finding_id

    return _change(run, "Repayment recorded.", finding_id)


@bp.route("/remedy/<int:entry_id>/verify", methods=["POST"])
@require("remediate")
def verify(entry_id: int) -> Any:
    return _change(
        lambda s, me: remedy.verify(s, _company(), me, entry_id).finding_id,
        "Repayment verified against its evidence.",
        _finding_of_entry(entry_id),
    )


@bp.route("/actions/due")
@require("read")
def due() -> Any:
    today = utcnow().date()
    with database().reading() as s:
        lists = actions.due(s, current_user.company_id, today)
    return render_template(
        "remediation/due.html",
        lists=lists,
        today=today,
        labels=workflow.LABELS,
        within=actions.DUE_SOON_DAYS,
    )


def _supplier(s: Session, supplier_id: int | None) -> Supplier | None:
    """The company's supplier when an id is given (another company's is a 404)."""
    return suppliers.get(s, _company(), supplier_id) if supplier_id else None


def _company() -> int:
    return current_user.company_id


def _actor(s: Session) -> User:
    return s.get(User, current_user.id)


def _change(run: Change, done: str, finding_id: int) -> Any:
    """Run one change in one transaction; a refusal is flashed, a foreign id is a 404."""
    try:
        with database().transaction() as s:
            run(s, _actor(s))
        flash(done)
    except NotFound:
        raise
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for(".show", finding_id=finding_id))


def _finding_of_action(action_id: int) -> int:
    with database().reading() as s:
        return actions.get(s, _company(), action_id).finding_id


def _finding_of_entry(entry_id: int) -> int:
    with database().reading() as s:
        return remedy.get(s, _company(), entry_id).finding_id


def _store_upload(
    s: Session, me: User, finding_id: int, action_id: int | None, *, required: bool = True
) -> int | None:
    upload: FileStorage | None = request.files.get("file")
    if upload is None or not upload.filename:
        if required:
            raise ServiceError("Choose a file to attach.")
        return None
    with tempfile.TemporaryDirectory(dir=_tmp_root()) as tmp:
        path = Path(tmp) / "upload.bin"
        upload.save(path)
        stored = attachments.store(
            s,
            settings(),
            _company(),
            me,
            path,
            upload.filename,
            finding_id=finding_id,
            action_id=action_id,
        )
    return stored.id


def _tmp_root() -> Path:
    root = attachments.attachments_dir(settings()) / "incoming"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _form_int(name: str) -> int:
    value = request.form.get(name, type=int)
    if not value or not 1 <= value <= MAX_ID:
        raise ServiceError(f"Choose the {name.replace('_', ' ')}.")
    return value


def _arg_id(name: str, values: Any = None) -> int | None:
    """A database id from the query string (or ``values``); anything else is ignored."""
    value = (request.args if values is None else values).get(name, type=int)
    return value if value and 1 <= value <= MAX_ID else None


def _form_date(name: str) -> date | None:
    text = request.form.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ServiceError(f"The {name.replace('_', ' ')} must be a date (YYYY-MM-DD).") from exc


def _finding_fields(source_type: str) -> dict[str, Any]:
    """The finding form's fields (new finding and correction); ``source_type`` when unsent."""
    form = request.form
    return {
        "title": form.get("title", ""),
        "severity": form.get("severity", ""),
        "indicators": form.getlist("indicators"),
        "description": form.get("description", ""),
        "source_type": form.get("source_type", source_type),
        "source_ref": form.get("source_ref", ""),
        "found_on": _form_date("found_on"),
    }
