"""Colours, number formats and the common look of every figure (pure: no Flask, no database)."""

from __future__ import annotations

from typing import Any, Final

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

# Figures are plotly's figure JSON ({"data": [...], "layout": {...}}), built as plain dicts:
# dcc.Graph takes them as they are, and building go.Figure objects (which validate every
# property) cost 30-100 ms a chart, most of the 300 ms a callback may take.
Figure = dict[str, Any]


def figure(
    data: list[dict[str, Any]],
    *,
    height: int = 340,
    legend: bool = True,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> Figure:
    """A figure in the house style: white paper, quiet grid, horizontal legend on top."""
    axis = {"gridcolor": "#eef1f5", "zerolinecolor": "#dde2ea", "automargin": True}
    return {
        "data": data,
        "layout": {
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 36 if legend else 10, "b": 10},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "font": {"family": FONT, "size": 13, "color": INK},
            "showlegend": legend,
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.02,
                "x": 0,
                "traceorder": "normal",
            },
            "hoverlabel": {"font": {"family": FONT}},
            "xaxis": {**axis, **(xaxis or {})},
            "yaxis": {**axis, **(yaxis or {})},
            **layout,
        },
    }


def title(text: str) -> dict[str, Any]:
    return {"text": text}


def count_axis(largest: float, label: str) -> dict[str, Any]:
    """A counts axis: whole numbers only (no 0.2 steps when there are few)."""
    steps = {"dtick": 1} if largest <= 8 else {}
    return {"title": title(label), "tickformat": ",d", "rangemode": "tozero", **steps}


def empty_figure(message: str, *, height: int = 340) -> Figure:
    """A blank chart that says why it is blank (never an empty white box)."""
    hidden = {"visible": False}
    centre = note(message, x=0.5, y=0.5, size=15)
    return figure([], height=height, legend=False, xaxis=hidden, yaxis=hidden, annotations=[centre])


def note(text: str, *, x: float = 0, y: float = 0, size: int = 12) -> dict[str, Any]:
    """A line of text placed on the figure's paper (0-1 both ways), not on its data."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": size, "color": MUTED},
    }


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
