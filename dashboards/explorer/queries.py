"""Server-side rows for the explorer grid: AG Grid's request turned into one SQL page.

The grid sends ``startRow``/``endRow``, a ``sortModel`` and a ``filterModel``. Only the columns in
``COLUMNS`` can be sorted or filtered, only the filter types below are understood, and values are
bound parameters; anything else in the request is ignored. The company is never in the request.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from dashboards.cache import cached
from dashboards.filters import parse_date
from supplychain.db.models import CorrectiveAction, Finding, Supplier
from supplychain.domain.fields import TIERS

TIER_RANK = case({t: i for i, t in enumerate(TIERS)}, value=Supplier.risk_tier)
COLUMNS: Final[dict[str, tuple[Any, str]]] = {  # grid field -> (SQL column, filter kind)
    "name": (Supplier.name, "text"),
    "supplier_ref": (Supplier.supplier_ref, "text"),
    "country": (Supplier.country, "text"),
    "sector": (Supplier.sector, "text"),
    "chain_tier": (Supplier.chain_tier, "number"),
    "risk_tier": (Supplier.risk_tier, "text"),
    "score": (Supplier.score, "number"),
    "confidence": (Supplier.confidence, "number"),
    "annual_spend": (Supplier.annual_spend, "number"),
    "currency": (Supplier.currency, "text"),
    "audit_date": (Supplier.audit_date, "date"),
    "audit_result": (Supplier.audit_result, "text"),
}
SORT_KEYS: Final[dict[str, Any]] = {**{k: v[0] for k, v in COLUMNS.items()}, "risk_tier": TIER_RANK}
INDEXED_ORDERS: Final = frozenset({"score", "name"})  # (company_id, column) indexes
DEFAULT_BLOCK = 100
MAX_BLOCK = 500
MAX_TEXT = 200


def grid_page(session: Session, company_id: int, request: Any) -> dict[str, Any]:
    """``{"rowData": [...], "rowCount": n}`` for one block the grid asked for. The count is kept
    until the company's data changes: the grid asks again with every block it scrolls to."""
    request = request if isinstance(request, dict) else {}
    start = _int(request.get("startRow"), 0)
    end = _int(request.get("endRow"), start + DEFAULT_BLOCK)
    page = matching(company_id, request, limit=min(max(end - start, 1), MAX_BLOCK), offset=start)
    counting = count_statement(company_id, request)
    compiled = counting.compile()
    what = ("explorer count", str(compiled), tuple(sorted(compiled.params.items())))
    total = cached(session, company_id, what, lambda: int(session.scalar(counting) or 0))
    return {"rowData": rows(session, page), "rowCount": total}


def count(session: Session, company_id: int, request: Any) -> int:
    """How many of the company's suppliers the grid's filter model matches."""
    return int(session.scalar(count_statement(company_id, request)) or 0)


def count_statement(company_id: int, request: Any) -> Select[Any]:
    model = request.get("filterModel") if isinstance(request, dict) else None
    return select(func.count(Supplier.id)).where(
        Supplier.company_id == company_id, *conditions(model)
    )


def matching(company_id: int, request: Any, *, limit: int, offset: int = 0) -> Select[Any]:
    """The grid's columns for the rows its filter model matches, in its sort order.

    Ordered by score or name (the default, and the (company, score) and (company, name)
    indexes), the rows are read in that order and the scan stops at the block. Any other order
    sorts every match: then the matching ids are chosen first, from the narrowest index that
    answers the filter, and only their rows are read, in id order. Without that, SQLite reads
    the rows through whichever (company, ...) index it picks, in random order: 3-5x slower at
    100k suppliers (bench/README_dashboards.md)."""
    request = request if isinstance(request, dict) else {}
    sort_model = request.get("sortModel")
    scope = [Supplier.company_id == company_id, *conditions(request.get("filterModel"))]
    stmt = select(Supplier.id, *(column for column, _ in COLUMNS.values()))
    if _first_sort_key(sort_model) in INDEXED_ORDERS:
        stmt = stmt.where(*scope)
    else:
        stmt = stmt.where(Supplier.id.in_(select(Supplier.id).where(*scope)))
    return ordered(stmt, sort_model).offset(offset).limit(limit)


def _first_sort_key(sort_model: Any) -> str:
    """The grid column the rows are ordered by first (score when none is valid)."""
    for item in sort_model if isinstance(sort_model, list) else []:
        if isinstance(item, dict) and item.get("colId") in SORT_KEYS:
            return str(item["colId"])
    return "score"


def ordered(stmt: Select[Any], sort_model: Any) -> Select[Any]:
    """The grid's sort, then the id in the direction of the last key (so an index on
    (company, column) gives the whole order, scanned forwards or backwards)."""
    order = []
    ascending = False
    for item in sort_model if isinstance(sort_model, list) else []:
        key = SORT_KEYS.get(item.get("colId")) if isinstance(item, dict) else None
        if key is not None:
            ascending = item.get("sort") == "asc"
            order.append(key.asc().nulls_last() if ascending else key.desc().nulls_last())
    if not order:
        order.append(Supplier.score.desc().nulls_last())
    return stmt.order_by(*order, Supplier.id.asc() if ascending else Supplier.id.desc())


def rows(session: Session, stmt: Select[Any]) -> list[dict[str, Any]]:
    names = ["id", *COLUMNS]
    out = []
    for values in session.execute(stmt):
        row = dict(zip(names, values, strict=True))
        row["audit_date"] = row["audit_date"].isoformat() if row["audit_date"] else None
        out.append(row)
    return out


def conditions(filter_model: Any) -> list[ColumnElement[bool]]:
    if not isinstance(filter_model, dict):
        return []
    out = []
    for field, model in filter_model.items():
        if field in COLUMNS and isinstance(model, dict):
            column, kind = COLUMNS[field]
            condition = _condition(column, kind, model)
            if condition is not None:
                out.append(condition)
    return out


def _condition(column: Any, kind: str, model: dict[str, Any]) -> ColumnElement[bool] | None:
    if isinstance(model.get("conditions"), list):
        parts = [
            part
            for m in model["conditions"][:2]
            if isinstance(m, dict) and (part := _condition(column, kind, m)) is not None
        ]
        join = or_ if model.get("operator") == "OR" else and_
        return join(*parts) if parts else None
    if model.get("filterType") != kind:
        return None
    kind_type = model.get("type")
    if kind_type == "blank":
        return column.is_(None)
    if kind_type == "notBlank":
        return column.is_not(None)
    build = BUILDERS[kind]
    return build(column, kind_type, model)


def _text(column: Any, kind_type: Any, model: dict[str, Any]) -> ColumnElement[bool] | None:
    value = model.get("filter")
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        return None
    lower, wanted = func.lower(column), value.lower()
    ops: dict[str, Callable[[], ColumnElement[bool]]] = {
        "contains": lambda: lower.contains(wanted, autoescape=True),
        "notContains": lambda: or_(column.is_(None), ~lower.contains(wanted, autoescape=True)),
        "equals": lambda: lower == wanted,
        "notEqual": lambda: or_(column.is_(None), lower != wanted),
        "startsWith": lambda: lower.startswith(wanted, autoescape=True),
        "endsWith": lambda: lower.endswith(wanted, autoescape=True),
    }
    op = ops.get(kind_type) if isinstance(kind_type, str) else None
    return op() if op else None


def _compare(column: Any, kind_type: Any, low: Any, high: Any) -> ColumnElement[bool] | None:
    ops: dict[str, Callable[[], ColumnElement[bool]]] = {
        "equals": lambda: column == low,
        "notEqual": lambda: or_(column.is_(None), column != low),
        "lessThan": lambda: column < low,
        "lessThanOrEqual": lambda: column <= low,
        "greaterThan": lambda: column > low,
        "greaterThanOrEqual": lambda: column >= low,
        "inRange": lambda: column.between(low, high) if high is not None else None,
    }
    op = ops.get(kind_type) if isinstance(kind_type, str) and low is not None else None
    return op() if op else None


def _number(column: Any, kind_type: Any, model: dict[str, Any]) -> ColumnElement[bool] | None:
    return _compare(column, kind_type, _float(model.get("filter")), _float(model.get("filterTo")))


def _date(column: Any, kind_type: Any, model: dict[str, Any]) -> ColumnElement[bool] | None:
    low, high = parse_date(model.get("dateFrom")), parse_date(model.get("dateTo"))
    return _compare(column, kind_type, low, high)


BUILDERS: Final = {"text": _text, "number": _number, "date": _date}


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _int(value: Any, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    )


def remediation_items(session: Session, company_id: int, supplier_id: int) -> pd.DataFrame:
    """The supplier's findings, each with its corrective actions (one row per action)."""
    stmt = (
        select(
            Finding.id,
            Finding.title,
            Finding.severity,
            Finding.status,
            Finding.found_on,
            CorrectiveAction.title,
            CorrectiveAction.owner,
            CorrectiveAction.due_date,
            CorrectiveAction.status,
        )
        .outerjoin(
            CorrectiveAction,
            and_(
                CorrectiveAction.finding_id == Finding.id, CorrectiveAction.company_id == company_id
            ),
        )
        .where(Finding.company_id == company_id, Finding.supplier_id == supplier_id)
        .order_by(Finding.found_on.desc().nulls_last(), Finding.id, CorrectiveAction.due_date)
    )
    columns = [
        "finding_id",
        "finding",
        "severity",
        "finding_status",
        "found_on",
        "action",
        "owner",
        "due_date",
        "action_status",
    ]
    return pd.DataFrame(session.execute(stmt).all(), columns=columns)
