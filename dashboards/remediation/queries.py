"""The remediation view's aggregations: corrective actions, findings' ILO indicators, remedy.

All scoped to the company and to the filtered suppliers (joined through findings), grouped in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

import pandas as pd
from sqlalchemy import case, func, select
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
    """Three queries for five figures: the actions (status, age, owner), indicators, remedy."""
    grouped = actions(session, company_id, f, today)
    return RemediationData(
        status=by_status(grouped),
        ageing=ageing(grouped),
        owners=by_owner(grouped),
        indicators=by_indicator(session, company_id, f),
        remedy=remedy(session, company_id, f),
    )


def actions(session: Session, company_id: int, f: Filters, today: date) -> pd.DataFrame:
    """The company's corrective actions of the filtered suppliers counted by status, age
    bucket (since opened), past due date or not, and owner: one grouped scan the three action
    figures are summed from (a few hundred rows, not one per action)."""
    start = datetime.combine(today + timedelta(days=1), time(), UTC)
    bucket = case(
        *[
            (CorrectiveAction.created_at >= start - timedelta(days=d), label)
            for d, label in AGE_BUCKETS
        ],
        else_=OLDEST_BUCKET,
    ).label("bucket")
    past_due = case((CorrectiveAction.due_date < today, 1), else_=0).label("past_due")
    keys = (CorrectiveAction.status, bucket, past_due, CorrectiveAction.owner)
    stmt = (
        select(*keys, func.count())
        .select_from(CorrectiveAction)
        .join(Finding, Finding.id == CorrectiveAction.finding_id)
        .where(CorrectiveAction.company_id == company_id)
        .group_by(*keys)
    )
    stmt = with_suppliers(stmt, Finding.supplier_id, company_id, f)
    frame = pd.DataFrame(
        session.execute(stmt).all(), columns=["status", "bucket", "past_due", "owner", "actions"]
    )
    is_open = frame["status"].isin(OPEN_ACTION_STATUSES)
    return frame.assign(
        open=is_open, overdue=frame["actions"].where(is_open & (frame["past_due"] == 1), 0)
    )


def by_status(grouped: pd.DataFrame) -> pd.DataFrame:
    """Actions per status, and how many of them are open and past their due date."""
    table = grouped.groupby("status", as_index=False, sort=True)[["actions", "overdue"]].sum()
    return table[["status", "actions", "overdue"]]


def ageing(grouped: pd.DataFrame) -> pd.DataFrame:
    """Open actions by how long ago they were opened, split into overdue or not."""
    open_ = grouped[grouped["open"]].assign(overdue=lambda g: g["past_due"] == 1)
    table = open_.groupby(["bucket", "overdue"], as_index=False)["actions"].sum()
    return table[["bucket", "overdue", "actions"]].astype({"overdue": bool})


def by_owner(grouped: pd.DataFrame) -> pd.DataFrame:
    """The TOP_OWNERS owners with most open actions (ties by name), and their overdue ones."""
    open_ = grouped[grouped["open"]]
    table = open_.groupby("owner", as_index=False)[["actions", "overdue"]].sum()
    table = table.sort_values(["actions", "owner"], ascending=[False, True]).head(TOP_OWNERS)
    return table.rename(columns={"actions": "open"})[["owner", "open", "overdue"]].reset_index(
        drop=True
    )


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
