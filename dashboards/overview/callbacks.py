"""The overview's callbacks: thin adapters from filter values to queries and figures.

``refresh`` and ``export_tables`` are plain functions (tests call them directly inside a request
with a signed-in user); ``register_callbacks`` binds them to one Dash app. The company always
comes from ``flask_login.current_user``; filter values are checked against that company's own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, html

from dashboards import components as c
from dashboards.export import Table
from dashboards.filters import from_inputs
from dashboards.guard import company_id
from dashboards.labels import sector_name
from dashboards.overview import figures, queries
from dashboards.overview.layout import KPIS, NAME, riskiest_rows
from dashboards.queries import allowed_filters
from supplychain.web.extensions import database

MAP_SCOPES = ("exposed", "all")


def register_callbacks(app: Dash) -> None:
    filters = c.filter_inputs()
    charts = [Output(id_, "figure") for id_ in ("map", "donut", "sectors", "goods", "mix")]
    outputs = [*c.kpi_outputs(KPIS), *charts, Output("riskiest", "children")]
    controls = [Input("map-measure", "value"), Input("map-scope", "value")]
    app.callback(outputs, [*filters, *controls])(refresh)
    c.register_exports(app, NAME, c.as_states(filters), export_tables)


def _load(*filter_values: Any) -> queries.OverviewData:
    company = company_id()
    with database().reading() as s:
        f = allowed_filters(s, company, from_inputs(*filter_values))
        return queries.load(s, company, f, date.today())


def refresh(
    start: Any,
    end: Any,
    countries: Any,
    sectors: Any,
    tiers: Any,
    chain: Any,
    measure: Any = "suppliers",
    scope: Any = "exposed",
) -> list[Any]:
    """Every number and picture on the page for the filters."""
    data = _load(start, end, countries, sectors, tiers, chain)
    k = figures.kpis(data.cube, data.actions)
    currency, spend, spend_note = figures.spend_text(k.spend_at_risk)
    gaps = k.never_audited + k.audit_expired
    return [
        c.kpi_value(f"{k.suppliers:,}", "current suppliers in view"),
        c.kpi_value(k.exposed_share, f"{k.exposed:,} suppliers high or critical", "alert"),
        c.kpi_value([html.Span(currency, className="unit"), spend], spend_note),
        c.kpi_value(
            f"{gaps:,}",
            f"{k.never_audited:,} never audited · {k.audit_expired:,} audits over "
            f"{queries.AUDIT_VALID_MONTHS} months old",
            "warn" if gaps else "",
        ),
        c.kpi_value(
            f"{k.open_actions:,}",
            f"{k.overdue_actions:,} overdue",
            "alert" if k.overdue_actions else "",
        ),
        figures.exposure_map(
            data.cube,
            _allowed_measure(measure, data.cube),
            scope if scope in MAP_SCOPES else "exposed",
        ),
        figures.tier_donut(data.cube),
        figures.breakdown(data.cube, "sector", sector_name),
        figures.breakdown(data.goods, "good", str),
        figures.tier_mix(data.mix),
        riskiest_rows(data.riskiest),
    ]


def _allowed_measure(measure: Any, cube: pd.DataFrame) -> str:
    """A map measure among this company's own (a tampered value falls back to suppliers)."""
    allowed = {"suppliers"} | {f"spend:{cur}" for cur in cube["currency"].dropna().unique()}
    return measure if measure in allowed else "suppliers"


def export_tables(*filter_values: Any) -> list[Table]:
    """The tables behind the page for the filters: summary, cube, goods, mix, top 20."""
    data = _load(*filter_values)
    k = figures.kpis(data.cube, data.actions)
    summary = {
        "suppliers": k.suppliers,
        "high or critical": k.exposed,
        "never audited": k.never_audited,
        f"audit older than {queries.AUDIT_VALID_MONTHS} months": k.audit_expired,
        "open corrective actions": k.open_actions,
        "overdue corrective actions": k.overdue_actions,
        **{f"spend at risk ({cur})": amount for cur, amount in k.spend_at_risk.items()},
    }
    return [
        ("Summary", pd.DataFrame({"measure": list(summary), "value": list(summary.values())})),
        ("By country sector tier", data.cube),
        ("By good", data.goods),
        ("Tier mix across uploads", data.mix),
        ("Riskiest suppliers", data.riskiest),
    ]
