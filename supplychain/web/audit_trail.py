"""The company's audit trail, newest first, and a check of its hash chain (admins and auditors)."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplychain.db.models import AuditEvent
from supplychain.services import audit
from supplychain.web.auth import require
from supplychain.web.extensions import database

bp = Blueprint("audit_trail", __name__, url_prefix="/audit")
PAGE_SIZE = 50


@bp.route("/")
@require("audit_trail")
def index() -> Any:
    return _page(max(1, request.args.get("page", 1, type=int) or 1), verdict=None)


@bp.route("/verify")
@require("audit_trail")
def verify() -> Any:
    """Recompute the whole chain (read-only, hence a GET); the verdict names the first break."""
    with database().reading() as s:
        problem = audit.verify(s, current_user.company_id)
    return _page(1, verdict={"intact": problem is None, "problem": problem})


def _page(page: int, verdict: dict[str, Any] | None) -> Any:
    with database().reading() as s:
        total = _count(s, current_user.company_id)
        events = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.company_id == current_user.company_id)
            .order_by(AuditEvent.seq.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all()
    return render_template(
        "audit/index.html",
        events=events,
        page=page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        total=total,
        per_page=PAGE_SIZE,
        verdict=verdict,
    )


def _count(s: Session, company_id: int) -> int:
    stmt = select(func.count()).select_from(AuditEvent).where(AuditEvent.company_id == company_id)
    return s.scalar(stmt) or 0
