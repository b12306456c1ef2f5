"""The explorer's callbacks: grid blocks, the chosen supplier, and the export of the grid.

The company comes from ``flask_login.current_user`` in each callback; a supplier id from the
browser is looked up within that company only (another company's id is "no such supplier").
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
from dash import Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from dashboards import components as c
from dashboards.explorer import queries
from dashboards.explorer.layout import NAME
from dashboards.explorer.view import supplier_view
from dashboards.export import Table
from dashboards.guard import company_id
from supplychain.services import suppliers
from supplychain.services.errors import NotFound
from supplychain.web.extensions import database

EXPORT_LIMIT: Final = 20_000  # larger exports belong in a background job, not a callback


def register_callbacks(app: Dash) -> None:
    app.callback(
        Output("grid", "getRowsResponse"),
        Output("grid-count", "children"),
        Input("grid", "getRowsRequest"),
    )(grid_rows)
    app.callback(
        Output("supplier-view", "children"),
        Input("grid", "selectedRows"),
        prevent_initial_call=True,
    )(show_supplier)
    c.register_exports(app, NAME, [State("grid", "getRowsRequest")], export_tables)


def grid_rows(request: Any) -> tuple[dict[str, Any], str]:
    """One block of rows for the grid's infinite row model, and the count that match."""
    if not request:
        raise PreventUpdate
    company = company_id()
    with database().reading() as s:
        page = queries.grid_page(s, company, request)
    total = page["rowCount"]
    return page, f"{total:,} supplier{' matches' if total == 1 else 's match'}"


def show_supplier(selected: Any) -> Any:
    supplier_id = _selected_id(selected)
    if supplier_id is None:
        return html.P(
            "Click a supplier in the table to see why it scores as it does.", className="muted"
        )
    company = company_id()
    with database().reading() as s:
        try:
            detail = suppliers.detail(s, company, supplier_id)
        except NotFound:
            return html.P("No such supplier.", className="muted")
        items = queries.remediation_items(s, company, supplier_id)
    return supplier_view(detail, items)


def _selected_id(selected: Any) -> int | None:
    if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
        return None
    value = selected[0].get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def export_tables(request: Any) -> list[Table]:
    """The rows the grid's filters match, in its order (up to EXPORT_LIMIT, with a note)."""
    company = company_id()
    with database().reading() as s:
        total = queries.count(s, company, request)
        rows = queries.rows(s, queries.matching(company, request, limit=EXPORT_LIMIT))
    tables: list[Table] = [("Suppliers", pd.DataFrame(rows, columns=["id", *queries.COLUMNS]))]
    if total > EXPORT_LIMIT:
        note = (
            f"Only the first {EXPORT_LIMIT:,} of {total:,} matching suppliers were exported; "
            "narrow the filters to export the rest."
        )
        tables.append(("Note", pd.DataFrame({"note": [note]})))
    return tables
