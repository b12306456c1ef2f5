"""The executive overview page: KPI cards, the exposure map, breakdowns, trend, top 20."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboards import components as c
from dashboards.labels import country_name, sector_name
from dashboards.shell import topojson_url
from dashboards.theme import TIER_LABELS

NAME = "overview"
TITLE = "Exposure overview"
KPIS = (
    ("kpi-suppliers", "Suppliers"),
    ("kpi-exposed", "High + critical"),
    ("kpi-spend", "Spend at risk"),
    ("kpi-audits", "Audit gaps"),
    ("kpi-actions", "Open corrective actions"),
)


def layout() -> html.Div:
    """Built per request: the filter options are the signed-in company's own values."""
    opts = c.company_options()
    return c.filtered_page(
        NAME,
        TITLE,
        opts,
        KPIS,
        html.Div(
            [
                c.panel(
                    "Where the exposure is",
                    _map_controls(opts.currencies),
                    c.graph("map", topojson=topojson_url(NAME)),
                    class_name="span-2",
                ),
                c.panel("Risk tiers today", c.graph("donut")),
            ],
            className="grid-3",
        ),
        html.Div(
            [
                c.panel("By sector", c.graph("sectors"), note="most high + critical first"),
                c.panel("By good", c.graph("goods"), note="goods of each supplier's latest record"),
            ],
            className="grid-2",
        ),
        html.Div(
            [
                c.panel("Tier mix across uploads", c.graph("mix")),
                c.panel(
                    "The 20 riskiest suppliers",
                    dcc.Loading(html.Ol(id="riskiest", className="riskiest"), type="dot"),
                ),
            ],
            className="grid-2",
        ),
    )


def _map_controls(currencies: list[str]) -> html.Div:
    measures = [{"label": "Suppliers", "value": "suppliers"}] + [
        {"label": f"Spend ({cur})", "value": f"spend:{cur}"} for cur in currencies
    ]
    return html.Div(
        [
            dcc.RadioItems(id="map-measure", options=measures, value="suppliers", inline=True),
            dcc.RadioItems(
                id="map-scope",
                options=[
                    {"label": "High + critical", "value": "exposed"},
                    {"label": "All tiers", "value": "all"},
                ],
                value="exposed",
                inline=True,
            ),
        ],
        className="map-controls",
    )


def riskiest_rows(frame: pd.DataFrame) -> list[Any]:
    """One line per supplier: a link to its page (built from the id only), a score bar."""
    if frame.empty:
        return [html.Li("No suppliers match these filters.", className="muted")]
    return [
        html.Li(
            [
                html.A(str(row.name), href=f"/suppliers/{int(row.id)}", className="name"),
                html.Span(
                    f"{country_name(row.country)} · {sector_name(row.sector)}",
                    className="muted small",
                ),
                html.Div(
                    html.Div(
                        style={"width": f"{float(row.score or 0):.0f}%"},
                        className=f"fill {row.tier or 'missing'}",
                    ),
                    className="bar",
                ),
                html.Span(f"{float(row.score or 0):.0f}", className="score"),
                html.Span(TIER_LABELS.get(row.tier, "-"), className=f"badge {row.tier or ''}"),
            ]
        )
        for row in frame.itertuples()
    ]
