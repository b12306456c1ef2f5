"""The remediation view: corrective actions by status, age and owner; ILO indicators; remedy."""

from __future__ import annotations

from dash import html

from dashboards import components as c

NAME = "remediation"
TITLE = "Remediation"
KPIS = (
    ("kpi-open", "Open corrective actions"),
    ("kpi-overdue", "Overdue"),
    ("kpi-closed", "Verified closed"),
    ("kpi-workers", "Workers with remedy"),
    ("kpi-repaid", "Repaid to workers"),
)


def layout() -> html.Div:
    return c.filtered_page(
        NAME,
        TITLE,
        c.company_options(),
        KPIS,
        html.Div(
            [
                c.panel("Actions by status", c.graph("status")),
                c.panel(
                    "Age of open actions", c.graph("ageing"), note="since the action was opened"
                ),
            ],
            className="grid-2",
        ),
        html.Div(
            [
                c.panel("Open actions by owner", c.graph("owners"), note="the 15 with most"),
                c.panel("Findings by ILO forced-labour indicator", c.graph("indicators")),
            ],
            className="grid-2",
        ),
        c.panel(
            "Worker remedy",
            c.graph("remedy"),
            note="share of what is owed that was repaid, per currency and kind",
        ),
        dates=False,
    )
