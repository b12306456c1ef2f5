"""Pure functions from the remediation view's frames to KPI values and figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboards.remediation.queries import AGE_BUCKETS, OLDEST_BUCKET
from dashboards.theme import ACCENT, TIER_COLOURS, base_layout, count_axis, empty_figure
from supplychain.db.models.remediation import ACTION_STATUSES

NO_ACTIONS = "No corrective actions recorded yet."
OVERDUE_COLOUR = TIER_COLOURS["critical"]
ON_TIME_COLOUR = ACCENT
STATUS_LABELS = {s: s.replace("_", " ") for s in ACTION_STATUSES}


@dataclass(frozen=True)
class Kpis:
    open: int
    overdue: int
    closed: int
    workers: int
    repaid: dict[str, tuple[float, float]]  # currency -> (repaid, owed), most owed first


def kpis(status: pd.DataFrame, remedy: pd.DataFrame) -> Kpis:
    counts = status.set_index("status")["actions"] if not status.empty else pd.Series(dtype=int)
    open_statuses = [s for s in counts.index if s not in ("verified_closed", "cancelled")]
    money = (
        remedy.groupby("currency")[["repaid", "owed"]].sum().sort_values("owed", ascending=False)
    )
    return Kpis(
        open=int(counts[open_statuses].sum()),
        overdue=int(status["overdue"].sum()) if not status.empty else 0,
        closed=int(counts.get("verified_closed", 0)),
        workers=int(remedy["workers"].sum()),
        repaid={str(cur): (float(r.repaid), float(r.owed)) for cur, r in money.iterrows()},
    )


def status_bars(status: pd.DataFrame) -> go.Figure:
    """Actions by status; the overdue part of each in red."""
    if status.empty:
        return empty_figure(NO_ACTIONS)
    table = status.set_index("status").reindex(
        [s for s in ACTION_STATUSES if s in set(status["status"])]
        + sorted(set(status["status"]) - set(ACTION_STATUSES))
    )
    labels = [STATUS_LABELS.get(s, s) for s in table.index]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=table["actions"] - table["overdue"],
                name="on time",
                marker_color=ON_TIME_COLOUR,
            ),
            go.Bar(x=labels, y=table["overdue"], name="overdue", marker_color=OVERDUE_COLOUR),
        ]
    )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_yaxes(title_text="actions", **count_axis(float(table["actions"].max())))
    return base_layout(fig)


def ageing_bars(ageing: pd.DataFrame) -> go.Figure:
    """Open actions by age since opened, overdue or not."""
    if ageing.empty:
        return empty_figure("No open corrective actions.")
    order = [label for _, label in AGE_BUCKETS] + [OLDEST_BUCKET]
    table = ageing.pivot_table(
        index="bucket", columns="overdue", values="actions", aggfunc="sum", fill_value=0
    ).reindex(index=order, columns=[False, True], fill_value=0)
    fig = go.Figure(
        [
            go.Bar(x=order, y=table[False], name="on time", marker_color=ON_TIME_COLOUR),
            go.Bar(x=order, y=table[True], name="overdue", marker_color=OVERDUE_COLOUR),
        ]
    )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_yaxes(title_text="open actions", **count_axis(float(table.sum(axis=1).max())))
    return base_layout(fig)


def owner_bars(owners: pd.DataFrame) -> go.Figure:
    if owners.empty:
        return empty_figure("No open corrective actions.")
    table = owners.iloc[::-1]
    fig = go.Figure(
        [
            go.Bar(
                y=table["owner"],
                x=table["open"] - table["overdue"],
                name="on time",
                orientation="h",
                marker_color=ON_TIME_COLOUR,
            ),
            go.Bar(
                y=table["owner"],
                x=table["overdue"],
                name="overdue",
                orientation="h",
                marker_color=OVERDUE_COLOUR,
            ),
        ]
    )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_xaxes(title_text="open actions", **count_axis(float(table["open"].max())))
    return base_layout(fig, height=max(260, 30 * len(table) + 90))


def indicator_bars(indicators: pd.DataFrame, names: dict[int, str]) -> go.Figure:
    """Findings per ILO indicator (all eleven shown, so an absent one reads as zero)."""
    if indicators.empty:
        return empty_figure("No findings tagged with ILO indicators yet.")
    table = indicators.pivot_table(
        index="indicator_id",
        columns="finding_status",
        values="findings",
        aggfunc="sum",
        fill_value=0,
    ).reindex(index=sorted(set(names) | set(indicators["indicator_id"])), fill_value=0)
    table = table.iloc[::-1]
    labels = [names.get(int(i), f"indicator {i}") for i in table.index]
    colours = {"open": OVERDUE_COLOUR, "closed": "#7d8b99"}
    fig = go.Figure(
        [
            go.Bar(
                y=labels,
                x=table[status],
                name=f"{status} findings",
                orientation="h",
                marker_color=colours.get(str(status), ACCENT),
            )
            for status in table.columns
        ]
    )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_xaxes(title_text="findings", **count_axis(float(table.sum(axis=1).max())))
    return base_layout(fig, height=30 * len(labels) + 90)


def remedy_bars(remedy: pd.DataFrame) -> go.Figure:
    """Owed and repaid to workers, per currency and kind (recruitment fees, wages)."""
    if remedy.empty:
        return empty_figure("No worker remedy recorded yet.")
    labels = [
        f"{k.replace('_', ' ')} ({c})"
        for c, k in zip(remedy["currency"], remedy["kind"], strict=True)
    ]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=remedy["owed"],
                name="owed",
                marker_color="#c9d1dc",
                customdata=remedy["workers"],
                hovertemplate="%{x}: %{y:,.0f} owed to %{customdata:,} workers<extra></extra>",
            ),
            go.Bar(
                x=labels,
                y=remedy["repaid"],
                name="repaid",
                marker_color=TIER_COLOURS["low"],
                hovertemplate="%{x}: %{y:,.0f} repaid<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group", bargap=0.55)
    fig.update_yaxes(title_text="amount")
    return base_layout(fig)
