"""The supplier table (filtered, sorted and paged in SQL) and the page that explains a score."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms.fields.choices import SelectChoice

from supplychain.db.models import Supplier, User
from supplychain.domain.ruleset import SECTORS_FILE
from supplychain.services import entity_decisions, suppliers
from supplychain.services.errors import NotFound, ServiceError
from supplychain.services.remediation import findings
from supplychain.web import score_explanation
from supplychain.web.auth import require
from supplychain.web.extensions import database, settings
from supplychain.web.forms import SupplierFilterForm

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")


@bp.app_template_filter("country_name")
def country_name(code: str | None) -> str:
    """'VN' -> 'Viet Nam' (the common name where there is one); unknown codes stay as given."""
    return _country_name(code) if code else ""


@cache
def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@bp.app_template_filter("sector_label")
def sector_label(code: str | None) -> str:
    """'apparel_textiles' -> 'Apparel and textiles' (from the sector taxonomy)."""
    return _sector_labels(settings().rules_dir).get(code, code) if code else ""


@cache
def _sector_labels(rules_dir: Path) -> dict[str, str]:
    data = yaml.safe_load((rules_dir / SECTORS_FILE).read_text(encoding="utf-8"))
    return {str(s["code"]): str(s["label"]) for s in data["sectors"]}


@bp.route("/")
@require("read")
def index() -> Any:
    form = SupplierFilterForm(request.args)
    with database().reading() as s:
        form.country.choices = [SelectChoice("", "All countries")] + [
            SelectChoice(c, f"{country_name(c)} ({c})")
            for c in _countries(s, current_user.company_id)
        ]
        if request.args and not form.validate():
            raise ServiceError(_first_error(form))
        query = suppliers.SupplierFilter(
            tier=form.tier.data or None,
            country=form.country.data or None,
            q=(form.q.data or "").strip() or None,
            sort=form.sort.data or "score",
            descending=(form.dir.data or "desc") == "desc",
            page=form.page.data or 1,
        )
        rows, total = suppliers.list_suppliers(s, current_user.company_id, query)
    pages = max(1, math.ceil(total / query.per_page))
    return render_template(
        "suppliers/index.html",
        form=form,
        rows=rows,
        total=total,
        query=query,
        pages=pages,
        args=_kept_args(query),
    )


def _countries(s: Session, company_id: int) -> list[str]:
    stmt = (
        select(Supplier.country)
        .where(Supplier.company_id == company_id)
        .distinct()
        .order_by(Supplier.country)
    )
    return list(s.scalars(stmt))


def _first_error(form: SupplierFilterForm) -> str:
    name, errors = next(iter(form.errors.items()))
    return f"{getattr(form, name).label.text}: {errors[0]}"


def _kept_args(query: suppliers.SupplierFilter) -> dict[str, Any]:
    """The filter and sort of this page, kept by the sort and page links."""
    kept = {
        "tier": query.tier,
        "country": query.country,
        "q": query.q,
        "sort": query.sort,
        "dir": "desc" if query.descending else "asc",
    }
    return {k: v for k, v in kept.items() if v}


@bp.route("/<int:supplier_id>")
@require("read")
def show(supplier_id: int) -> Any:
    with database().reading() as s:
        detail = suppliers.detail(s, current_user.company_id, supplier_id)
        decisions = entity_decisions.for_supplier(s, current_user.company_id, supplier_id)
        finding_counts = findings.counts_by_status(s, current_user.company_id, supplier_id)
    assessment = detail["assessment"]
    explained: dict[str, Any] = {"hits": [], "caveats": [], "confidence": None, "thresholds": None}
    if assessment:
        rules_dir = settings().rules_dir
        hits, caveats = score_explanation.explain_hits(assessment["hits"])
        explained = {
            "hits": hits,
            "caveats": caveats,
            "confidence": score_explanation.confidence_gaps(
                assessment, detail["record"], rules_dir, settings().reference_store_dir
            ),
            "thresholds": score_explanation.thresholds(assessment, rules_dir),
        }
    return render_template(
        "suppliers/show.html",
        d=detail,
        supplier=detail["supplier"],
        record=detail["record"],
        assessment=assessment,
        decisions=decisions,
        finding_counts=finding_counts,
        matches=entity_decisions.hit_matches(assessment["hits"] if assessment else [], decisions),
        **explained,
    )


@bp.route("/<int:supplier_id>/entity-decisions", methods=["POST"])
@require("decide_matches")
def decide_match(supplier_id: int) -> Any:
    """Confirm an entity-list match or dismiss it as a false positive; the supplier is re-scored."""
    new = entity_decisions.NewDecision(
        supplier_id=supplier_id,
        entity=request.form.get("entity", ""),
        status=request.form.get("status", ""),
        reason=request.form.get("reason", ""),
        edition=request.form.get("edition") or None,
    )
    try:
        with database().transaction() as s:
            me = s.get(User, current_user.id)
            out = entity_decisions.decide(s, settings(), current_user.company_id, me, new)
    except NotFound:
        raise
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".show", supplier_id=supplier_id, _anchor="why"))
    verb = "confirmed" if new.status == "confirmed" else "dismissed as a false positive"
    flash(
        f"Match with {out['decision']['entity']} {verb}; the supplier was re-scored: "
        f"{out['score']:.1f} points, {out['tier']}."
    )
    return redirect(url_for(".show", supplier_id=supplier_id, _anchor="why"))
