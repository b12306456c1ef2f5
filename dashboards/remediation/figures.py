"""Pure functions from the remediation view's frames to KPI values and figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboards.bars import Series, bar, ints, stacked_counts
from dashboards.frames import crosstab
from dashboards.remediation.queries import AGE_BUCKETS, OLDEST_BUCKET
from dashboards.theme import (
    ACCENT,
    TIER_COLOURS,
    Figure,
    empty_figure,
    figure,
    money,
    title,
)
from supplychain.db.models.remediation import ACTION_STATUSES

NO_ACTIONS = "No corrective actions for the suppliers shown."
NO_OPEN = "No open corrective actions for the suppliers shown."
OVERDUE_COLOUR = TIER_COLOURS["critical"]
ON_TIME_COLOUR = ACCENT
CLOSED_COLOUR = "#7d8b99"
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
    by_currency = (
        remedy.groupby("currency")[["repaid", "owed"]].sum().sort_values("owed", ascending=False)
    )
    return Kpis(
        open=int(counts[open_statuses].sum()),
        overdue=int(status["overdue"].sum()) if not status.empty else 0,
        closed=int(counts.get("verified_closed", 0)),
        workers=int(remedy["workers"].sum()),
        repaid={str(cur): (float(r.repaid), float(r.owed)) for cur, r in by_currency.iterrows()},
    )


def repaid_kpi(repaid: dict[str, tuple[float, float]]) -> tuple[str, str]:
    """The "repaid to workers" KPI: the currency with most owed as the headline, every other
    currency named in the note (amounts in different currencies are never added together)."""
    if not repaid:
        return "-", "no remedy recorded"
    (top, (paid, owed)), *others = repaid.items()
    note = f"of {money(owed, top)} owed"
    if others:
        rest = "; ".join(f"{money(p, cur)} of {money(o, cur)}" for cur, (p, o) in others)
        note += f"; also {rest} (currencies are not added together)"
    return money(paid, top), note


def _split(total: Any, overdue: Any) -> list[Series]:
    """Each bar in two parts: on time (total - overdue) and overdue, in red."""
    return [
        Series("on time", ON_TIME_COLOUR, ints(total - overdue)),
        Series("overdue", OVERDUE_COLOUR, ints(overdue)),
    ]


def status_bars(status: pd.DataFrame) -> Figure:
    """Actions by status; the overdue part of each in red."""
    if status.empty:
        return empty_figure(NO_ACTIONS)
    table = status.set_index("status").reindex(
        [s for s in ACTION_STATUSES if s in set(status["status"])]
        + sorted(set(status["status"]) - set(ACTION_STATUSES))
    )
    labels = [STATUS_LABELS.get(s, s) for s in table.index]
    return stacked_counts(
        labels, _split(table["actions"], table["overdue"]), "actions", bargap=0.35
    )


def ageing_bars(ageing: pd.DataFrame) -> Figure:
    """Open actions by age since opened, overdue or not."""
    if ageing.empty:
        return empty_figure(NO_OPEN)
    order = [label for _, label in AGE_BUCKETS] + [OLDEST_BUCKET]
    table = crosstab(ageing, "bucket", "overdue", "actions").reindex(
        index=order, columns=[False, True], fill_value=0
    )
    parts = _split(table[False] + table[True], table[True])
    return stacked_counts(order, parts, "open actions", bargap=0.35)


def owner_bars(owners: pd.DataFrame) -> Figure:
    if owners.empty:
        return empty_figure(NO_OPEN)
    table = owners.iloc[::-1]
    names = [str(o) for o in table["owner"]]
    parts = _split(table["open"], table["overdue"])
    return stacked_counts(names, parts, "open actions", horizontal=True)


def indicator_bars(indicators: pd.DataFrame, names: dict[int, str]) -> Figure:
    """Findings per ILO indicator (all eleven shown, so an absent one reads as zero)."""
    if indicators.empty:
        return empty_figure("No findings tagged with ILO indicators for the suppliers shown.")
    table = crosstab(indicators, "indicator_id", "finding_status", "findings").reindex(
        index=sorted(set(names) | set(indicators["indicator_id"])), fill_value=0
    )
    table = table.iloc[::-1]
    labels = [names.get(int(i), f"indicator {i}") for i in table.index]
    colours = {"open": OVERDUE_COLOUR, "closed": CLOSED_COLOUR}
    parts = [
        Series(f"{status} findings", colours.get(str(status), ACCENT), ints(table[status]))
        for status in table.columns
    ]
    return stacked_counts(labels, parts, "findings", horizontal=True)


def remedy_bars(remedy: pd.DataFrame) -> Figure:
    """The share of what is owed to workers that has been repaid, per currency and kind. Shares,
    not amounts, share the axis: amounts in different currencies cannot be compared on one axis;
    each bar's amounts, in its own currency, are in its hover text."""
    if remedy.empty:
        return empty_figure("No worker remedy recorded for the suppliers shown.")
    cur, owed, paid = remedy["currency"], remedy["owed"], remedy["repaid"]  # amounts: float64
    labels = (remedy["kind"].str.replace("_", " ") + " (" + cur + ")").tolist()
    shares = (100 * paid / owed.where(owed != 0)).fillna(100.0).tolist()  # nothing owed: 100%
    data = [
        [f"{r:,.2f}", f"{o - r:,.2f}", f"{o:,.2f}", c, w]
        for c, o, r, w in zip(cur, owed, paid, ints(remedy["workers"]), strict=True)
    ]
    of = "of %{customdata[2]} %{customdata[3]} owed to %{customdata[4]:,} workers"
    repaid = Series(
        "repaid",
        TIER_COLOURS["low"],
        shares,
        {
            "customdata": data,
            "hovertemplate": f"%{{x}}: %{{customdata[0]}} repaid {of}<extra></extra>",
        },
    )
    outstanding = Series(
        "outstanding",
        "#c9d1dc",
        [100 - s for s in shares],
        {
            "customdata": data,
            "hovertemplate": f"%{{x}}: %{{customdata[1]}} outstanding {of}<extra></extra>",
        },
    )
    return figure(
        [bar(repaid, labels), bar(outstanding, labels)],
        barmode="stack",
        bargap=0.55,
        yaxis={"title": title("% of what is owed"), "range": [0, 100]},
    )
