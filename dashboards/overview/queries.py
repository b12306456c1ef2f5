"""The executive overview's aggregations, all GROUP BY in SQL over one company's suppliers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboards.cache import cached
from dashboards.filters import MISSING, Filters
from dashboards.queries import (
    OPEN_ACTION_STATUSES,
    months_before,
    narrowed,
    supplier_scope,
    upload_dates,
    with_suppliers,
)
from supplychain.db.models import (
    Assessment,
    CorrectiveAction,
    Finding,
    Supplier,
    SupplierRecord,
    Upload,
)
from supplychain.domain.fields import TIERS

AUDIT_VALID_MONTHS = 24
TOP_N = 20
GOODS_SEPARATOR = "; "  # how supplier_store joins a record's goods


@dataclass(frozen=True)
class OverviewData:
    cube: pd.DataFrame  # country, sector, tier, currency, suppliers, spend, never_audited, expired
    goods: pd.DataFrame  # good, tier, suppliers
    mix: pd.DataFrame  # upload_id, uploaded_at, file_name, tier, assessments
    riskiest: pd.DataFrame  # id, name, country, sector, score, tier
    actions: dict[str, int]  # open, overdue


def load(session: Session, company_id: int, f: Filters, today: date) -> OverviewData:
    """Everything the page shows. The aggregations and the top 20 only change with the
    company's data and are kept until it changes (dashboards.cache); the corrective actions
    are read live."""

    def scans() -> tuple[pd.DataFrame, ...]:
        return (
            cube(session, company_id, f, today),
            goods(session, company_id, f),
            tier_mix(session, company_id, f),
            riskiest(session, company_id, f),
        )

    by_place, by_good, mix, top = cached(session, company_id, ("overview", f, today), scans)
    return OverviewData(
        cube=by_place,
        goods=by_good,
        mix=mix,
        riskiest=top,
        actions=open_actions(session, company_id, f, today),
    )


def cube(session: Session, company_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Suppliers, spend and audit gaps by country, sector, tier and currency (one scan)."""
    cutoff = months_before(today, AUDIT_VALID_MONTHS)
    keys = (Supplier.country, Supplier.sector, Supplier.risk_tier, Supplier.currency)
    stmt = (
        select(
            *keys,
            func.count().label("suppliers"),
            func.sum(Supplier.annual_spend).label("spend"),
            func.sum(case((Supplier.audit_date.is_(None), 1), else_=0)).label("never_audited"),
            func.sum(case((Supplier.audit_date < cutoff, 1), else_=0)).label("expired"),
        )
        .where(*supplier_scope(company_id, f))
        .group_by(*keys)
    )
    columns = [
        "country",
        "sector",
        "tier",
        "currency",
        "suppliers",
        "spend",
        "never_audited",
        "expired",
    ]
    frame = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    frame["sector"] = frame["sector"].fillna(MISSING)
    frame["tier"] = frame["tier"].fillna(MISSING)
    return frame


def goods(session: Session, company_id: int, f: Filters) -> pd.DataFrame:
    """Suppliers by good and tier. SQL groups the latest records' goods text (few distinct
    combinations); the combinations are then split on "; " and summed."""
    stmt = (
        select(SupplierRecord.goods, Supplier.risk_tier, func.count())
        .join(SupplierRecord, SupplierRecord.id == Supplier.latest_record_id)
        .where(*supplier_scope(company_id, f))
        .group_by(SupplierRecord.goods, Supplier.risk_tier)
    )
    rows = [
        (good.strip() or MISSING, tier, count)
        for text, tier, count in session.execute(stmt)
        for good in (text or MISSING).split(GOODS_SEPARATOR)
    ]
    frame = pd.DataFrame(rows, columns=["good", "tier", "suppliers"])
    return frame.groupby(["good", "tier"], as_index=False)["suppliers"].sum()


def tier_mix(session: Session, company_id: int, f: Filters) -> pd.DataFrame:
    """Assessments by upload and tier: how the tier mix moved from one upload to the next.
    The tier filter applies to each assessment's own tier, the dates to the upload's date.
    The company's uploads pick its assessments through the (upload, tier, supplier) index, which
    is also the grouping order (no sort, no table read); suppliers are looked up only when a
    supplier filter asks for them."""
    uploads = select(Upload.id).where(Upload.company_id == company_id, *upload_dates(f))
    counts = select(Assessment.upload_id, Assessment.tier, func.count().label("n")).where(
        Assessment.upload_id.in_(uploads)
    )
    if f.tiers:
        counts = counts.where(Assessment.tier.in_(f.tiers))
    suppliers_only = replace(f, tiers=(), date_from=None, date_to=None)
    if narrowed(suppliers_only):
        chosen = select(Supplier.id).where(*supplier_scope(company_id, suppliers_only))
        counts = counts.where(Assessment.supplier_id.in_(chosen))
    grouped = counts.group_by(Assessment.upload_id, Assessment.tier).subquery()
    stmt = select(Upload.id, Upload.created_at, Upload.file_name, grouped.c.tier, grouped.c.n).join(
        grouped, grouped.c.upload_id == Upload.id
    )
    columns = ["upload_id", "uploaded_at", "file_name", "tier", "assessments"]
    frame = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    rank = frame["tier"].map({t: i for i, t in enumerate(TIERS)})
    order = frame.assign(rank=rank).sort_values(["uploaded_at", "upload_id", "rank"]).index
    return frame.loc[order].reset_index(drop=True)


def riskiest(session: Session, company_id: int, f: Filters, limit: int = TOP_N) -> pd.DataFrame:
    """The riskiest suppliers: critical first, then high, ..., by score within a tier (a tier
    can be critical whatever the points). One query per tier through the (company, score)
    index, stopping once ``limit`` are found (usually after the first): no sort of every
    supplier."""
    columns = (
        Supplier.id,
        Supplier.name,
        Supplier.country,
        Supplier.sector,
        Supplier.score,
        Supplier.risk_tier,
    )
    rows: list[Any] = []
    for tier in (*reversed(TIERS), None):
        if len(rows) >= limit or (f.tiers and tier not in f.tiers):
            continue
        stmt = (
            select(*columns)
            .where(
                *supplier_scope(company_id, f),
                Supplier.risk_tier.is_(tier) if tier is None else Supplier.risk_tier == tier,
            )
            .order_by(Supplier.score.desc().nulls_last(), Supplier.id)
            .limit(limit - len(rows))
        )
        rows += session.execute(stmt).all()
    return pd.DataFrame(rows, columns=["id", "name", "country", "sector", "score", "tier"])


def open_actions(session: Session, company_id: int, f: Filters, today: date) -> dict[str, int]:
    """Corrective actions still open for the filtered suppliers, and how many are overdue."""
    stmt = (
        select(
            func.count(),
            func.sum(case((CorrectiveAction.due_date < today, 1), else_=0)),
        )
        .select_from(CorrectiveAction)
        .join(Finding, Finding.id == CorrectiveAction.finding_id)
        .where(
            CorrectiveAction.company_id == company_id,
            CorrectiveAction.status.in_(OPEN_ACTION_STATUSES),
        )
    )
    stmt = with_suppliers(stmt, Finding.supplier_id, company_id, f)
    count, overdue = session.execute(stmt).one()
    return {"open": int(count or 0), "overdue": int(overdue or 0)}
