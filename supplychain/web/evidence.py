"""Evidence packs in the browser: request one for a period and suppliers, watch it build, download.

/evidence/ (form and list) -> POST /evidence/ -> /evidence/<id> (progress, polling
/evidence/<id>/status) -> /evidence/<id>/download.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, Regexp

from supplychain.db.models import User
from supplychain.services import evidence
from supplychain.services.errors import ServiceError
from supplychain.services.jobs import JobContext
from supplychain.web.auth import require
from supplychain.web.extensions import database, runner, settings
from supplychain.web.forms import flash_errors

bp = Blueprint("evidence", __name__, url_prefix="/evidence")
IDS = r"^\s*\d+(\s*[,; ]\s*\d+)*\s*$"


class PackForm(FlaskForm):
    date_from = DateField("Period from", validators=[Optional()])
    date_to = DateField("Period to", validators=[Optional()])
    suppliers = StringField(
        "Suppliers (optional)",
        validators=[
            Optional(),
            Length(max=8000),
            Regexp(IDS, message="List supplier ids as numbers separated by commas."),
        ],
    )

    def pack_request(self) -> evidence.PackRequest:
        text = (self.suppliers.data or "").replace(";", " ").replace(",", " ")
        ids = [int(t) for t in text.split()]
        return evidence.PackRequest(
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            supplier_ids=tuple(dict.fromkeys(ids)),
        )


@bp.route("/", methods=["GET"])
@require("evidence")
def index() -> Any:
    with database().reading() as s:
        packs = evidence.list_packs(s, current_user.company_id)
    return render_template("evidence/index.html", packs=packs, form=PackForm())


@bp.route("/", methods=["POST"])
@require("evidence")
def create() -> Any:
    form = PackForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".index"))
    ctx = JobContext(database(), settings())
    try:
        pack, _ = evidence.queue_pack(
            ctx, runner(), current_user.company_id, current_user.id, form.pack_request()
        )
    except ServiceError as exc:  # an unknown supplier id or an inverted period
        flash(exc.message, "error")
        return redirect(url_for(".index"))
    return redirect(url_for(".show", pack_id=pack.id))


@bp.route("/<int:pack_id>")
@require("evidence")
def show(pack_id: int) -> Any:
    with database().reading() as s:
        pack = evidence.pack_dict(s, evidence.get(s, current_user.company_id, pack_id))
    return render_template("evidence/show.html", pack=pack, state=_state(pack))


@bp.route("/<int:pack_id>/status")
@require("evidence")
def status(pack_id: int) -> Any:
    """The pack page polls this while the pack is being built."""
    with database().reading() as s:
        pack = evidence.pack_dict(s, evidence.get(s, current_user.company_id, pack_id))
    response = jsonify(_state(pack))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:pack_id>/download")
@require("evidence")
def download(pack_id: int) -> Any:
    return send_pack(current_user.company_id, current_user.id, pack_id)


def send_pack(company_id: int, user_id: int, pack_id: int) -> Any:
    """The pack's zip as an attachment (the download is recorded in the audit trail)."""
    with database().transaction() as s:
        path = evidence.download(s, company_id, s.get(User, user_id), pack_id)
    return send_file(
        path,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"evidence-pack-{pack_id}.zip",
        max_age=0,
    )


def _state(pack: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": pack["status"],
        "progress": pack["progress"],
        "stage": pack["stage"],
        "finished": pack["status"] in ("done", "failed"),
        "error": pack["error"],
    }
