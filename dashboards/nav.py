"""A Flask endpoint for the site's navigation to link to (Dash routes have no endpoint name)."""

from __future__ import annotations

from flask import Blueprint, redirect
from werkzeug.wrappers import Response

from supplychain.web.auth import require

bp = Blueprint("dashboards", __name__)


@bp.route("/dashboards")
@require("read")
def overview_redirect() -> Response:
    return redirect("/dash/overview/")
