"""Pure functions for the supplier view: why it scores as it does, and how that changed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.theme import ACCENT, MISSING_COLOUR, TIER_COLOURS, base_layout, empty_figure

MAX_LABEL = 60


def hit_points(hits: pd.DataFrame) -> go.Figure:
    """Points each rule added (columns rule, points, reason), largest at the top."""
    if hits.empty:
        return empty_figure("No rule added points: nothing known raised the risk.", height=200)
    table = hits.groupby("rule", as_index=False)["points"].sum().sort_values("points")
    fig = go.Figure(
        go.Bar(
            x=table["points"],
            y=[_short(r) for r in table["rule"]],
            orientation="h",
            marker_color=[TIER_COLOURS["critical"] if p >= 25 else ACCENT for p in table["points"]],
            text=[f"{p:+.0f}" for p in table["points"]],
            textposition="outside",
            hovertemplate="%{y}: %{x:.1f} points<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(
        title_text="points",
        range=[min(0.0, float(table["points"].min())), float(table["points"].max()) * 1.18],
    )
    return base_layout(fig, height=max(180, 30 * len(table) + 70), legend=False)


def score_history(history: pd.DataFrame) -> go.Figure:
    """Score at each assessment (columns as_of, score, tier, ruleset, upload)."""
    if history.empty:
        return empty_figure("Not assessed yet.", height=220)
    fig = go.Figure(
        go.Scatter(
            x=history["as_of"],
            y=history["score"],
            mode="lines+markers",
            line={"color": "#9aa5b1", "width": 2},
            marker={
                "size": 11,
                "color": [TIER_COLOURS.get(t, MISSING_COLOUR) for t in history["tier"]],
                "line": {"color": "#ffffff", "width": 1.5},
            },
            customdata=history[["tier", "ruleset"]].astype(str).to_numpy(),
            hovertemplate="%{x}: %{y:.1f} (%{customdata[0]}, %{customdata[1]})<extra></extra>",
        )
    )
    fig.update_yaxes(range=[-4, 106], title_text="score", tickvals=[0, 25, 50, 75, 100])
    fig.update_xaxes(type="category")
    return base_layout(fig, height=220, legend=False)


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
