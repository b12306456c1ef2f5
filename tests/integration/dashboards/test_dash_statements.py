"""How many SQL statements each dashboard callback sends: at most one per figure, and only the
data-version check plus the live corrective actions once the company's aggregates are kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import event

from dashboards.explorer.callbacks import grid_rows
from dashboards.overview.callbacks import refresh as overview
from dashboards.remediation.callbacks import refresh as remediation
from supplychain.db.engine import Database
from tests.integration.dashboards.conftest import Companies, acting_as

BLOCK = {"startRow": 0, "endRow": 100, "filterModel": {}, "sortModel": []}


def selects(app: Flask, call: Callable[[], Any]) -> list[str]:
    """The SELECT statements ``call`` sends through the app's database (not BEGIN/COMMIT)."""
    sent: list[str] = []

    def grab(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(statement)

    engine = app.extensions["supplychain.db"].engine
    event.listen(engine, "before_cursor_execute", grab)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return sent


def test_overview_reads_each_aggregate_once_then_only_what_is_live(
    app: Flask, db: Database, companies: Companies
) -> None:
    filters = (None, None, None, None, ["high", "critical"], None)
    with acting_as(app, db, companies.a.emails["executive"]):
        cold = selects(app, lambda: overview(*filters))
        warm = selects(app, lambda: overview(*filters))
    # version, cube (KPIs, map, donut, sectors), goods, tier mix, top 20 (one query per tier
    # until 20 are found: 1-5), open actions
    assert 6 <= len(cold) <= 10
    assert len(warm) == 2 and "corrective_actions" in warm[1]  # version + live actions
    reads_suppliers = [s for s in cold if "FROM suppliers" in s]
    assert len(reads_suppliers) >= 3
    assert all("GROUP BY" in s or "LIMIT" in s for s in reads_suppliers)  # never every row


def test_remediation_sends_three_queries_for_five_figures(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["compliance"]):
        sent = selects(app, lambda: remediation(None, None, None, None))
    tables = ["corrective_actions", "finding_indicators", "remedy_entries"]
    assert len(sent) == 3 and all(t in s for t, s in zip(tables, sent, strict=True))


def test_explorer_counts_once_per_data_version(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["executive"]):
        first = selects(app, lambda: grid_rows(BLOCK))
        scrolled = selects(app, lambda: grid_rows({**BLOCK, "startRow": 100, "endRow": 200}))
    assert sum("count(" in s for s in first) == 1
    assert sum("count(" in s for s in scrolled) == 0 and len(scrolled) == 2  # version + page
