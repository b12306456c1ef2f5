"""SQL shared by the dashboards: the company and filter scope, filter options, allow-lists.

Every statement here starts from ``company_id`` (the signed-in user's company, never a callback
input) and aggregates in the database; Python only sees grouped rows.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, func, or_, select
from sqlalchemy.orm import Session

from dashboards.cache import cached
from dashboards.filters import MISSING, Filters
from supplychain.db.models import Supplier, SupplierRecord, Upload

OPEN_ACTION_STATUSES = ("open", "in_progress", "pending_verification", "escalated")


@dataclass(frozen=True)
class Options:
    """What the filter controls offer one company."""

    countries: list[str]
    sectors: list[str]
    chain_tiers: list[str]
    currencies: list[str]  # of reported spend, most suppliers first
    first_upload: date | None
    last_upload: date | None

    @classmethod
    def empty(cls) -> Options:
        return cls([], [], [], [], None, None)


def supplier_scope(company_id: int, f: Filters) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``suppliers`` for the company and the filters."""
    conditions: list[ColumnElement[bool]] = [Supplier.company_id == company_id]
    if f.countries:
        conditions.append(Supplier.country.in_(f.countries))
    if f.sectors:
        conditions.append(_in_or_missing(Supplier.sector, f.sectors, str))
    if f.tiers:
        conditions.append(Supplier.risk_tier.in_(f.tiers))
    if f.chain_tiers:
        conditions.append(_in_or_missing(Supplier.chain_tier, f.chain_tiers, int))
    if f.date_from or f.date_to:
        reported = (
            select(SupplierRecord.id)
            .join(Upload, Upload.id == SupplierRecord.upload_id)
            .where(SupplierRecord.id == Supplier.latest_record_id, *upload_dates(f))
        )
        conditions.append(exists(reported))
    return conditions


def narrowed(f: Filters) -> bool:
    """True when a filter restricts suppliers (the company alone needs no suppliers join)."""
    return bool(f.countries or f.sectors or f.tiers or f.chain_tiers or f.date_from or f.date_to)


def with_suppliers(stmt: Select[Any], supplier_id: Any, company_id: int, f: Filters) -> Select[Any]:
    """Join ``suppliers`` on ``supplier_id`` and apply the filters, only when there are any
    (the statement must already be limited to the company)."""
    if not narrowed(f):
        return stmt
    return stmt.join(Supplier, Supplier.id == supplier_id).where(*supplier_scope(company_id, f))


def upload_dates(f: Filters) -> list[ColumnElement[bool]]:
    """Upload.created_at within the date range (whole days, UTC, both ends included)."""
    out: list[ColumnElement[bool]] = []
    if f.date_from:
        out.append(Upload.created_at >= datetime.combine(f.date_from, time(), UTC))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time(), UTC)
        out.append(Upload.created_at < end)
    return out


def _in_or_missing(
    column: Any, values: tuple[str, ...], convert: Callable[[str], Any]
) -> ColumnElement[bool]:
    """``column IN (values)``, or NULL when the MISSING option is among them."""
    wanted = [convert(v) for v in values if v != MISSING]
    parts = [column.in_(wanted)] if wanted else []
    if MISSING in values:
        parts.append(column.is_(None))
    return or_(*parts) if parts else false()


def allowed_filters(session: Session, company_id: int, f: Filters) -> Filters:
    """Keep only the values this company really has (tampered option values are dropped),
    checked against its filter options (kept until its data changes: no query when warm)."""
    if not (f.countries or f.sectors or f.chain_tiers):
        return f
    opts = cached_options(session, company_id)
    return replace(
        f,
        countries=_known(f.countries, opts.countries),
        sectors=_known(f.sectors, opts.sectors),
        chain_tiers=_known(f.chain_tiers, opts.chain_tiers),
    )


def _known(values: tuple[str, ...], offered: list[str]) -> tuple[str, ...]:
    known = set(offered)
    return tuple(v for v in values if v in known)


def cached_options(session: Session, company_id: int) -> Options:
    """``options``, computed once per company and data version (dashboards.cache)."""
    return cached(session, company_id, "options", lambda: options(session, company_id))


def options(session: Session, company_id: int) -> Options:
    """Countries, sectors, chain tiers and spend currencies (one grouped scan), and the span
    of upload dates."""
    keys = (Supplier.country, Supplier.sector, Supplier.chain_tier, Supplier.currency)
    combos = session.execute(
        select(*keys, func.count(Supplier.annual_spend))
        .where(Supplier.company_id == company_id)
        .group_by(*keys)
    ).all()
    first, last = session.execute(
        select(func.min(Upload.created_at), func.max(Upload.created_at)).where(
            Upload.company_id == company_id, Upload.status == "done"
        )
    ).one()
    spend: dict[str, int] = {}
    for *_, currency, with_spend in combos:
        if currency and with_spend:
            spend[currency] = spend.get(currency, 0) + with_spend
    return Options(
        countries=sorted({c[0] for c in combos}),
        sectors=_with_missing(c[1] for c in combos),
        chain_tiers=_with_missing(c[2] for c in combos),
        currencies=sorted(spend, key=lambda cur: (-spend[cur], cur)),
        first_upload=first.date() if first else None,
        last_upload=last.date() if last else None,
    )


def _with_missing(values: Iterable[Any]) -> list[str]:
    """Sorted distinct values as option strings, MISSING last when some are empty."""
    found = set(values)
    return [str(v) for v in sorted(v for v in found if v is not None)] + (
        [MISSING] if None in found else []
    )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when that month is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))
