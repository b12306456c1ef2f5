"""The remediation view's callbacks (plain functions, bound per Dash app)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Dash, Output

from dashboards import components as c
from dashboards.export import Table
from dashboards.filters import from_inputs
from dashboards.guard import company_id
from dashboards.labels import indicator_names
from dashboards.queries import allowed_filters
from dashboards.remediation import figures, queries
from dashboards.remediation.layout import KPIS, NAME
from supplychain.web.extensions import database


def register_callbacks(app: Dash) -> None:
    filters = c.filter_inputs(dates=False)
    outputs = c.kpi_outputs(KPIS) + [
        Output(id_, "figure") for id_ in ("status", "ageing", "owners", "indicators", "remedy")
    ]
    app.callback(outputs, filters)(refresh)
    c.register_exports(app, NAME, c.as_states(filters), export_tables)


def _load(countries: Any, sectors: Any, tiers: Any, chain: Any) -> queries.RemediationData:
    company = company_id()
    with database().reading() as s:
        f = allowed_filters(s, company, from_inputs(None, None, countries, sectors, tiers, chain))
        return queries.load(s, company, f, date.today())


def refresh(countries: Any, sectors: Any, tiers: Any, chain: Any) -> list[Any]:
    data = _load(countries, sectors, tiers, chain)
    k = figures.kpis(data.status, data.remedy)
    return [
        c.kpi_value(f"{k.open:,}", "not yet verified closed"),
        c.kpi_value(f"{k.overdue:,}", "past their due date", "alert" if k.overdue else ""),
        c.kpi_value(f"{k.closed:,}", "closed after verification"),
        c.kpi_value(f"{k.workers:,}", "workers affected in remedy entries"),
        c.kpi_value(*figures.repaid_kpi(k.repaid)),
        figures.status_bars(data.status),
        figures.ageing_bars(data.ageing),
        figures.owner_bars(data.owners),
        figures.indicator_bars(data.indicators, indicator_names()),
        figures.remedy_bars(data.remedy),
    ]


def export_tables(countries: Any, sectors: Any, tiers: Any, chain: Any) -> list[Table]:
    data = _load(countries, sectors, tiers, chain)
    names = indicator_names()
    indicators = data.indicators.assign(
        indicator=[names.get(int(i), str(i)) for i in data.indicators["indicator_id"]]
    )
    return [
        ("Actions by status", data.status),
        ("Open actions by age", data.ageing),
        ("Open actions by owner", data.owners),
        ("Findings by ILO indicator", indicators),
        ("Worker remedy", data.remedy),
    ]
