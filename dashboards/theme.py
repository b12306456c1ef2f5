"""Colours, number formats and the common look of every figure (pure: no Flask, no database)."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go

from supplychain.domain.fields import TIERS

TIER_COLOURS: Final[dict[str, str]] = {
    "low": "#2e7d32",
    "medium": "#c9a227",
    "high": "#e07b24",
    "critical": "#b71c1c",
}
MISSING_COLOUR: Final = "#9aa5b1"
ACCENT: Final = "#1f5fbf"
INK: Final = "#1d2433"
MUTED: Final = "#5f6b7a"
FONT: Final = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
TIER_LABELS: Final[dict[str, str]] = {t: t.capitalize() for t in TIERS}


def base_layout(fig: go.Figure, *, height: int = 340, legend: bool = True) -> go.Figure:
    """The house style: white paper, quiet grid, horizontal legend on top."""
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 36 if legend else 10, "b": 10},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"family": FONT, "size": 13, "color": INK},
        showlegend=legend,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "title": None,
            "traceorder": "normal",
        },
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#eef1f5", zerolinecolor="#dde2ea")
    fig.update_yaxes(gridcolor="#eef1f5", zerolinecolor="#dde2ea")
    return fig


def count_axis(largest: float) -> dict[str, object]:
    """Axis settings for counts: whole numbers only (no 0.2 steps when there are few)."""
    return {"tickformat": ",d", "rangemode": "tozero", **({"dtick": 1} if largest <= 8 else {})}


def empty_figure(message: str, *, height: int = 340) -> go.Figure:
    """A blank chart that says why it is blank (never an empty white box)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": MUTED},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, height=height, legend=False)


def money(amount: float | None, currency: str | None = None) -> str:
    """12.3M / 45.6k / 789 with the currency code in front."""
    if amount is None:
        return "-"
    sign, value = ("-" if amount < 0 else ""), abs(float(amount))
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            text = f"{value / limit:.1f}{suffix}"
            break
    else:
        text = f"{value:,.0f}"
    return f"{currency + ' ' if currency else ''}{sign}{text}"


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
