"""Pure functions for the supplier view: why it scores as it does, and how that changed."""

from __future__ import annotations

import pandas as pd

from dashboards.theme import (
    ACCENT,
    MISSING_COLOUR,
    TIER_COLOURS,
    Figure,
    empty_figure,
    figure,
    title,
)

MAX_LABEL = 60
HEAVY_POINTS = 25  # a hit this large is drawn in the critical colour


def hit_points(hits: pd.DataFrame) -> Figure:
    """Points each rule added (columns rule, points, reason), largest at the top."""
    if hits.empty:
        return empty_figure("No rule added points: nothing known raised the risk.", height=200)
    table = hits.groupby("rule", as_index=False)["points"].sum().sort_values("points")
    points = [float(p) for p in table["points"]]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": points,
        "y": [_short(r) for r in table["rule"]],
        "marker": {
            "color": [TIER_COLOURS["critical"] if p >= HEAVY_POINTS else ACCENT for p in points]
        },
        "text": [f"{p:+.0f}" for p in points],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:.1f} points<extra></extra>",
    }
    return figure(
        [bar],
        height=max(180, 30 * len(points) + 70),
        legend=False,
        xaxis={"title": title("points"), "range": [min(0.0, min(points)), max(points) * 1.18]},
    )


def score_history(history: pd.DataFrame) -> Figure:
    """Score at each assessment (columns as_of, score, tier, ruleset, upload)."""
    if history.empty:
        return empty_figure("Not assessed yet.", height=220)
    line = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": history["as_of"].astype(str).tolist(),
        "y": [float(s) for s in history["score"]],
        "line": {"color": MISSING_COLOUR, "width": 2},
        "marker": {
            "size": 11,
            "color": [TIER_COLOURS.get(t, MISSING_COLOUR) for t in history["tier"]],
            "line": {"color": "#ffffff", "width": 1.5},
        },
        "customdata": history[["tier", "ruleset"]].astype(str).values.tolist(),
        "hovertemplate": "%{x}: %{y:.1f} (%{customdata[0]}, %{customdata[1]})<extra></extra>",
    }
    return figure(
        [line],
        height=220,
        legend=False,
        xaxis={"type": "category"},
        yaxis={"title": title("score"), "range": [-4, 106], "tickvals": [0, 25, 50, 75, 100]},
    )


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
