"""The supplier explorer page: a server-side grid of every supplier, and the chosen one's view."""

from __future__ import annotations

from typing import Any, Final

import dash_ag_grid as dag
from dash import dcc, html

from dashboards import components as c

NAME = "explorer"
TITLE = "Supplier explorer"
TEXT_FILTER: Final = {
    "filter": "agTextColumnFilter",
    "filterParams": {
        "filterOptions": [
            "contains",
            "notContains",
            "equals",
            "notEqual",
            "startsWith",
            "endsWith",
            "blank",
            "notBlank",
        ],
        "maxNumConditions": 2,
    },
}
NUMBER_FILTER: Final = {
    "filter": "agNumberColumnFilter",
    "filterParams": {
        "filterOptions": [
            "equals",
            "notEqual",
            "lessThan",
            "lessThanOrEqual",
            "greaterThan",
            "greaterThanOrEqual",
            "inRange",
            "blank",
            "notBlank",
        ],
        "maxNumConditions": 2,
    },
}
DATE_FILTER: Final = {
    "filter": "agDateColumnFilter",
    "filterParams": {
        "filterOptions": ["equals", "lessThan", "greaterThan", "inRange", "blank", "notBlank"],
        "maxNumConditions": 2,
    },
}


def _fmt(expression: str) -> dict[str, str]:
    return {"function": f"params.value == null ? '' : {expression}"}


COLUMN_DEFS: Final[list[dict[str, Any]]] = [
    {"field": "name", "headerName": "Supplier", "width": 260, "pinned": "left", **TEXT_FILTER},
    {
        "field": "risk_tier",
        "headerName": "Risk tier",
        "width": 120,
        "cellClass": {"function": "params.value ? 'tier-cell tier-' + params.value : ''"},
        **TEXT_FILTER,
    },
    {
        "field": "score",
        "headerName": "Score",
        "width": 105,
        "valueFormatter": _fmt("d3.format('.1f')(params.value)"),
        **NUMBER_FILTER,
    },
    {
        "field": "confidence",
        "headerName": "Confidence",
        "width": 125,
        "valueFormatter": _fmt("d3.format('.0%')(params.value)"),
        **NUMBER_FILTER,
    },
    {"field": "country", "headerName": "Country", "width": 110, **TEXT_FILTER},
    {"field": "sector", "headerName": "Sector", **TEXT_FILTER},
    {"field": "chain_tier", "headerName": "Chain tier", "width": 120, **NUMBER_FILTER},
    {
        "field": "annual_spend",
        "headerName": "Annual spend",
        "valueFormatter": _fmt("d3.format(',.0f')(params.value)"),
        **NUMBER_FILTER,
    },
    {"field": "currency", "headerName": "Currency", "width": 110, **TEXT_FILTER},
    {"field": "audit_date", "headerName": "Last audit", **DATE_FILTER},
    {"field": "audit_result", "headerName": "Audit result", **TEXT_FILTER},
    {"field": "supplier_ref", "headerName": "Your ID", **TEXT_FILTER},
]


def layout() -> html.Div:
    grid = dag.AgGrid(
        id="grid",
        rowModelType="infinite",
        columnDefs=COLUMN_DEFS,
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True, "width": 150},
        getRowId="params.data.id",
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "cacheBlockSize": 100,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": 100,
            "rowBuffer": 0,
            "suppressCellFocus": True,
        },
        style={"height": "680px", "width": "100%"},
    )
    return c.page(
        NAME,
        TITLE,
        c.company_line(c.company_options()),
        html.Div(
            [
                c.panel(
                    "All suppliers",
                    html.Div(id="grid-count", className="muted small"),
                    grid,
                    note="sort and filter in the column headers; click a row",
                ),
                c.panel(
                    "Supplier",
                    dcc.Loading(
                        html.Div(
                            html.P(
                                "Click a supplier in the table to see why it scores as it does.",
                                className="muted",
                            ),
                            id="supplier-view",
                        ),
                        type="dot",
                    ),
                ),
            ],
            className="explorer",
        ),
    )
