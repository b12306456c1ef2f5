"""The remediation view's aggregations: corrective actions, findings' ILO indicators, remedy.

All scoped to the company and to the filtered suppliers (joined through findings), grouped in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

import pandas as pd
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from dashboards.filters import Filters
from dashboards.queries import OPEN_ACTION_STATUSES, with_suppliers
from supplychain.db.models import (
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
)

AGE_BUCKETS: Final = ((30, "0-30 days"), (60, "31-60 days"), (90, "61-90 days"))
OLDEST_BUCKET: Final = "over 90 days"
TOP_OWNERS: Final = 15


@dataclass(frozen=True)
class RemediationData:
    status: pd.DataFrame  # status, actions, overdue
    ageing: pd.DataFrame  # bucket, overdue (bool), actions
    owners: pd.DataFrame  # owner, open, overdue
    indicators: pd.DataFrame  # indicator_id, finding_status, findings
    remedy: pd.DataFrame  # currency, kind, entries, workers, owed, repaid


def load(session: Session, company_id: int, f: Filters, today: date) -> RemediationData:
    return RemediationData(
        status=by_status(session, company_id, f, today),
        ageing=ageing(session, company_id, f, today),
        owners=by_owner(session, company_id, f, today),
        indicators=by_indicator(session, company_id, f),
        remedy=remedy(session, company_id, f),
    )


def _actions(company_id: int, f: Filters, *columns: Any) -> Select[Any]:
    """SELECT columns FROM corrective_actions of the filtered suppliers of the company."""
    stmt = (
        select(*columns)
        .select_from(CorrectiveAction)
        .join(Finding, Finding.id == CorrectiveAction.finding_id)
        .where(CorrectiveAction.company_id == company_id)
    )
    return with_suppliers(stmt, Finding.supplier_id, company_id, f)


def _overdue(today: date) -> Any:
    late = (CorrectiveAction.due_date < today) & CorrectiveAction.status.in_(OPEN_ACTION_STATUSES)
    return func.sum(case((late, 1), else_=0))


def by_status(session: Session, company_id: int, f: Filters, today: date) -> pd.DataFrame:
    stmt = _actions(company_id, f, CorrectiveAction.status, func.count(), _overdue(today)).group_by(
        CorrectiveAction.status
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["status", "actions", "overdue"])


def ageing(session: Session, company_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Open actions by how long ago they were opened, split into overdue or not."""
    start = datetime.combine(today + timedelta(days=1), time(), UTC)
    bucket = case(
        *[
            (CorrectiveAction.created_at >= start - timedelta(days=d), label)
            for d, label in AGE_BUCKETS
        ],
        else_=OLDEST_BUCKET,
    ).label("bucket")
    overdue = (CorrectiveAction.due_date < today).label("overdue")
    stmt = (
        _actions(company_id, f, bucket, overdue, func.count())
        .where(CorrectiveAction.status.in_(OPEN_ACTION_STATUSES))
        .group_by(bucket, overdue)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=["bucket", "overdue", "actions"])
    return frame.astype({"overdue": bool})


def by_owner(session: Session, company_id: int, f: Filters, today: date) -> pd.DataFrame:
    stmt = (
        _actions(company_id, f, CorrectiveAction.owner, func.count().label("n"), _overdue(today))
        .where(CorrectiveAction.status.in_(OPEN_ACTION_STATUSES))
        .group_by(CorrectiveAction.owner)
        .order_by(func.count().desc(), CorrectiveAction.owner)
        .limit(TOP_OWNERS)
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["owner", "open", "overdue"])


def by_indicator(session: Session, company_id: int, f: Filters) -> pd.DataFrame:
    """Findings per ILO forced-labour indicator, open or closed."""
    stmt = (
        select(FindingIndicator.indicator_id, Finding.status, func.count())
        .join(Finding, Finding.id == FindingIndicator.finding_id)
        .where(Finding.company_id == company_id)
        .group_by(FindingIndicator.indicator_id, Finding.status)
    )
    stmt = with_suppliers(stmt, Finding.supplier_id, company_id, f)
    columns = ["indicator_id", "finding_status", "findings"]
    return pd.DataFrame(session.execute(stmt).all(), columns=columns)


def remedy(session: Session, company_id: int, f: Filters) -> pd.DataFrame:
    """Worker remedy by currency and kind: entries, workers affected, owed and repaid."""
    keys = (RemedyEntry.currency, RemedyEntry.kind)
    stmt = (
        select(
            *keys,
            func.count(),
            func.sum(RemedyEntry.workers_affected),
            func.sum(RemedyEntry.amount_owed),
            func.sum(RemedyEntry.amount_repaid),
        )
        .where(RemedyEntry.company_id == company_id)
        .group_by(*keys)
        .order_by(*keys)
    )
    stmt = with_suppliers(stmt, RemedyEntry.supplier_id, company_id, f)
    columns = ["currency", "kind", "entries", "workers", "owed", "repaid"]
    frame = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    return frame.astype({"workers": "int64", "owed": "float64", "repaid": "float64"})
