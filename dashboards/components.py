"""Building blocks shared by the dashboards: the page frame, filters, KPI cards, panels, export.

User data is only ever passed as ``children`` text (React escapes it); links are built from
numeric ids and fixed paths, never from stored values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

from dash import Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask import url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from dashboards.export import Table, file_name, to_csv, to_xlsx
from dashboards.filters import MISSING
from dashboards.guard import company_id, signed_in
from dashboards.labels import country_name, sector_name
from dashboards.queries import Options, cached_options
from supplychain.domain.fields import TIERS
from supplychain.web.extensions import database
from supplychain.web.main import NAV_ITEMS

DASHBOARDS: Final[tuple[tuple[str, str], ...]] = (
    ("overview", "Exposure overview"),
    ("explorer", "Supplier explorer"),
    ("remediation", "Remediation"),
)


def page(active: str, title: str, subtitle: str, *body: Any) -> html.Div:
    """The whole page: the site's top bar, the dashboard tabs, a heading with the export
    buttons, and the body."""
    head = [html.Div([html.H1(title), html.P(subtitle, className="muted")]), export_buttons()]
    return html.Div(
        [
            _topbar(),
            html.Nav(
                [
                    html.A(label, href=f"/dash/{name}/", className="on" if name == active else "")
                    for name, label in DASHBOARDS
                ],
                className="dash-tabs",
            ),
            html.Main([html.Div(head, className="dash-head"), *body], className="dash-main"),
        ]
    )


def filtered_page(
    name: str,
    title: str,
    opts: Options,
    kpis: tuple[tuple[str, str], ...],
    *body: Any,
    dates: bool = True,
) -> html.Div:
    """A dashboard of the signed-in company: heading, filter bar, a row of KPI cards, body."""
    cards = html.Div([kpi(id_, label) for id_, label in kpis], className="kpis")
    return page(name, title, company_line(opts), filter_bar(opts, dates=dates), cards, *body)


def kpi_outputs(kpis: tuple[tuple[str, str], ...]) -> list[Output]:
    """The callback outputs filling the KPI cards of ``filtered_page``, in their order."""
    return [Output(id_, "children") for id_, _ in kpis]


def company_options() -> Options:
    """The signed-in company's filter options (empty when Dash builds a layout outside a
    request, as it does once at start-up)."""
    if not signed_in():
        return Options.empty()
    with database().reading() as s:
        return cached_options(s, company_id())


def company_line(opts: Options) -> str:
    """The heading's second line: whose data, and how fresh it is."""
    if not signed_in():
        return ""
    fresh = f"latest upload {opts.last_upload:%d %b %Y}" if opts.last_upload else "no uploads yet"
    return f"{current_user.company_name} · {fresh}"


def _topbar() -> html.Header:
    if not signed_in():
        return html.Header(html.A("supplychain", href="/", className="brand"), className="topbar")
    nav = [
        html.A(label, href=url_for(endpoint))
        for endpoint, label, capability in NAV_ITEMS
        if current_user.can(capability)
    ]
    sign_out = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
            html.Button("Sign out", type="submit", className="link"),
        ],
        method="post",
        action=url_for("auth.logout"),
        className="inline",
    )
    who = html.Span(
        [f"{current_user.email} · {current_user.role} · ", html.Strong(current_user.company_name)]
    )
    return html.Header(
        [
            html.A("supplychain", href=url_for("main.home"), className="brand"),
            html.Nav(nav),
            html.Div([who, sign_out], className="who"),
        ],
        className="topbar",
    )


def filter_bar(opts: Options, *, dates: bool = True) -> html.Div:
    """Upload dates, country, sector, risk tier and supply-chain tier."""
    controls = [
        _control(
            "Country",
            _multi("f-country", [(c, f"{country_name(c)} ({c})") for c in opts.countries]),
        ),
        _control("Sector", _multi("f-sector", [(s, sector_name(s)) for s in opts.sectors])),
        _control("Risk tier", _multi("f-tier", [(t, t.capitalize()) for t in TIERS])),
        _control(
            "Supply-chain tier",
            _multi("f-chain", [(t, t if t == MISSING else f"Tier {t}") for t in opts.chain_tiers]),
        ),
    ]
    if dates:
        picker = dcc.DatePickerRange(
            id="f-dates",
            min_date_allowed=opts.first_upload,
            max_date_allowed=opts.last_upload,
            initial_visible_month=opts.last_upload,
            display_format="YYYY-MM-DD",
            start_date_placeholder_text="first upload",
            end_date_placeholder_text="last upload",
            clearable=True,
        )
        controls.insert(0, _control("Upload dates", picker))
    return html.Div(controls, className=f"filters card n{len(controls)}")


def filter_inputs(*, dates: bool = True) -> list[Input]:
    """The callback inputs matching ``filter_bar`` (same order as ``filters.from_inputs``)."""
    date_inputs = [Input("f-dates", "start_date"), Input("f-dates", "end_date")] if dates else []
    return date_inputs + [Input(i, "value") for i in ("f-country", "f-sector", "f-tier", "f-chain")]


def as_states(inputs: list[Input]) -> list[State]:
    return [State(i.component_id, i.component_property) for i in inputs]


def _control(label: str, child: Any) -> html.Div:
    return html.Div([html.Label(label), child], className="control")


def _multi(id_: str, options: list[tuple[str, str]]) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=id_,
        options=[{"label": label, "value": value} for value, label in options],
        multi=True,
        placeholder="All",
    )


def kpi(id_: str, label: str) -> html.Div:
    """A KPI card; its callback fills ``id_`` with ``kpi_value(...)``."""
    return html.Div(
        [html.Div(label, className="kpi-label"), html.Div(id=id_)], className="kpi card"
    )


def kpi_value(value: Any, note: str = "", tone: str = "") -> list[html.Div]:
    return [html.Div(value, className=f"kpi-value {tone}"), html.Div(note, className="kpi-note")]


def panel(title: str, *children: Any, note: str = "", class_name: str = "") -> html.Section:
    head = [html.H2(title)] + ([html.Span(note, className="muted small")] if note else [])
    return html.Section(
        [html.Div(head, className="panel-head"), *children], className=f"panel card {class_name}"
    )


def graph(id_: str, *, topojson: str | None = None) -> dcc.Loading:
    config: dict[str, Any] = {"displaylogo": False, "responsive": True}
    if topojson:
        config["topojsonURL"] = topojson
    return dcc.Loading(dcc.Graph(id=id_, config=config), type="dot", color="#1f5fbf")


def export_buttons() -> html.Div:
    """One button and one download per format (bound by ``register_exports``)."""
    children: list[Any] = []
    for fmt in EXPORT_FORMATS:
        children += [
            html.Button(f"Export {fmt}", id=f"export-{fmt}", className="button ghost"),
            dcc.Download(id=f"download-{fmt}"),
        ]
    return html.Div(children, className="actions")


def register_exports(
    app: Dash, name: str, states: list[State], tables: Callable[..., list[Table]]
) -> None:
    """Bind the export buttons: ``tables(*state values)`` gives what the page shows."""
    for fmt in EXPORT_FORMATS:
        app.callback(
            Output(f"download-{fmt}", "data"),
            Input(f"export-{fmt}", "n_clicks"),
            *states,
            prevent_initial_call=True,
        )(_exporter(name, fmt, tables))


def _exporter(name: str, fmt: str, tables: Callable[..., list[Table]]) -> Callable[..., Any]:
    def export(clicks: Any, *values: Any) -> dict[str, Any]:
        if not clicks:
            raise PreventUpdate
        return download(name, fmt, tables(*values))

    return export


def download(name: str, fmt: str, tables: list[Table]) -> dict[str, Any]:
    """A ``dcc.Download`` payload: the tables as xlsx or csv, under a generated file name."""
    write = to_xlsx if fmt == "xlsx" else to_csv
    return dcc.send_bytes(write(tables), file_name(name, fmt, date.today()))


EXPORT_FORMATS: Final = ("xlsx", "csv")
