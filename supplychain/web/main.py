"""The home page: the signed-in user's company and its uploads."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from supplychain.db.models import Upload
from supplychain.web.auth import require
from supplychain.web.extensions import database

bp = Blueprint("main", __name__)

# (endpoint, label, capability) of the top navigation; later blueprints add their pages here.
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("uploads.index", "Uploads", "read"),
    ("suppliers.index", "Suppliers", "read"),
    ("dashboards.overview_redirect", "Dashboards", "read"),
    ("remediation.index", "Findings", "read"),
    ("admin.users", "Users", "manage_users"),
    ("audit_trail.index", "Audit trail", "audit_trail"),
    ("evidence.index", "Evidence packs", "evidence"),
]


def template_globals() -> dict[str, Any]:
    return {"nav_items": lambda: NAV_ITEMS}


@bp.route("/")
@require("read")
def home() -> Any:
    with database().reading() as s:
        uploads = s.scalars(
            select(Upload)
            .where(Upload.company_id == current_user.company_id)
            .order_by(Upload.created_at.desc(), Upload.id.desc())
            .limit(50)
        ).all()
    return render_template("home.html", uploads=uploads)
