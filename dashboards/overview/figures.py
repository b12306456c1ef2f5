"""Pure functions from the overview's aggregated frames to KPI values and plotly figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboards.bars import Series, bar, ints, stacked_counts
from dashboards.frames import crosstab
from dashboards.labels import country_name, iso3
from dashboards.theme import (
    MISSING_COLOUR,
    TIER_COLOURS,
    TIER_LABELS,
    Figure,
    empty_figure,
    figure,
    money,
    note,
    percent,
)
from supplychain.domain.fields import TIERS

EXPOSED = ("high", "critical")
NO_SUPPLIERS = "No suppliers match these filters."
MAP_SCALE = [[0.0, "#fff5eb"], [0.35, "#fdae6b"], [0.7, "#e6550d"], [1.0, "#7f2704"]]
GEO = {
    "projection": {"type": "natural earth"},
    "resolution": 50,
    "showcountries": True,
    "countrycolor": "#c9d1dc",
    "showcoastlines": False,
    "showland": True,
    "landcolor": "#eef1f5",
    "showocean": True,
    "oceancolor": "#f7fafd",
    "showframe": False,
    "lataxis": {"range": [-58, 85]},
}


@dataclass(frozen=True)
class Kpis:
    suppliers: int
    exposed: int
    exposed_share: str
    spend_at_risk: dict[str, float]  # currency -> spend of high + critical suppliers
    never_audited: int
    audit_expired: int
    open_actions: int
    overdue_actions: int


def kpis(cube: pd.DataFrame, actions: dict[str, int]) -> Kpis:
    exposed = cube[cube["tier"].isin(EXPOSED)]
    spend = exposed.dropna(subset=["currency"]).groupby("currency")["spend"].sum()
    total = int(cube["suppliers"].sum())
    return Kpis(
        suppliers=total,
        exposed=int(exposed["suppliers"].sum()),
        exposed_share=percent(exposed["suppliers"].sum(), total),
        spend_at_risk={str(k): float(v) for k, v in spend.sort_values(ascending=False).items()},
        never_audited=int(cube["never_audited"].sum()),
        audit_expired=int(cube["expired"].sum()),
        open_actions=actions["open"],
        overdue_actions=actions["overdue"],
    )


def spend_text(spend: dict[str, float]) -> tuple[str, str, str]:
    """(currency, amount, note): the largest currency as the headline, the others as the note."""
    if not spend:
        return "", "-", "no spend reported"
    (first, amount), *rest = spend.items()
    note = " · ".join(money(v, k) for k, v in rest) if rest else "annual spend, high + critical"
    return first, money(amount), f"plus {note}" if rest else note


def tier_donut(cube: pd.DataFrame) -> Figure:
    """Current suppliers by risk tier, the total in the hole."""
    counts = cube.groupby("tier")["suppliers"].sum()
    tiers = [t for t in (*TIERS, *sorted(set(counts.index) - set(TIERS))) if counts.get(t, 0)]
    if not tiers:
        return empty_figure(NO_SUPPLIERS, height=300)
    total = int(counts.sum())
    pie = {
        "type": "pie",
        "labels": [TIER_LABELS.get(t, t) for t in tiers],
        "values": [int(counts[t]) for t in tiers],
        "marker": {"colors": [TIER_COLOURS.get(t, MISSING_COLOUR) for t in tiers]},
        "hole": 0.62,
        "sort": False,
        "direction": "clockwise",
        "text": [_share(int(counts[t]), total) for t in tiers],
        "textinfo": "text",
        "textposition": "inside",
        "insidetextorientation": "horizontal",
        "hovertemplate": "%{label}: %{value:,} suppliers (%{percent})<extra></extra>",
    }
    centre = {"text": f"<b>{total:,}</b><br>suppliers", "showarrow": False, "font": {"size": 17}}
    return figure([pie], height=300, annotations=[centre])


def _share(part: int, whole: int) -> str:
    """A slice's label, left out when the slice is too thin to hold it."""
    return percent(part, whole) if whole and part / whole >= 0.05 else ""


def map_values(cube: pd.DataFrame, measure: str, scope: str) -> pd.DataFrame:
    """Per country: the measure (suppliers, or spend in one currency) for the tiers in scope,
    and the supplier count of every tier for the hover text."""
    rows = cube if scope == "all" else cube[cube["tier"].isin(EXPOSED)]
    if measure.startswith("spend:"):
        rows = rows[rows["currency"] == measure.removeprefix("spend:")]
        value = rows.groupby("country")["spend"].sum(min_count=1)
    else:
        value = rows.groupby("country")["suppliers"].sum()
    by_tier = crosstab(cube, "country", "tier", "suppliers")
    out = by_tier.reindex(columns=list(TIERS), fill_value=0)
    out["value"] = value.reindex(out.index).fillna(0)
    out["iso3"] = [iso3(c) for c in out.index]
    out["name"] = [country_name(c) for c in out.index]
    return out.reset_index()


def exposure_map(cube: pd.DataFrame, measure: str, scope: str) -> Figure:
    """A choropleth of the measure per country, on a square-root colour scale (one big country
    does not wash out all the others); the colour bar is labelled in real values."""
    if cube.empty:
        return empty_figure(NO_SUPPLIERS, height=420)
    data = map_values(cube, measure, scope)
    drawn = data.dropna(subset=["iso3"])
    unit = (
        f"{measure.removeprefix('spend:')} spend" if measure.startswith("spend:") else "suppliers"
    )
    what = "all tiers" if scope == "all" else "high + critical"
    hover = [
        f"<b>{row.name}</b><br>{_value_text(row.value, measure)} {unit} ({what})<br>"
        + " · ".join(f"{TIER_LABELS[t]} {int(getattr(row, t)):,}" for t in TIERS)
        for row in drawn.itertuples()
    ]
    largest = float(drawn["value"].max()) if len(drawn) else 0.0
    choropleth = {
        "type": "choropleth",
        "locations": drawn["iso3"].tolist(),
        "z": np.sqrt(drawn["value"].clip(lower=0)).tolist(),
        "locationmode": "ISO-3",
        "colorscale": MAP_SCALE,
        "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        "text": hover,
        "hovertemplate": "%{text}<extra></extra>",
        **_colour_range(largest, measure, unit),
    }
    hidden = len(data) - len(drawn)
    notes = []
    if hidden:
        notes.append(note(f"{hidden} countr{'y' if hidden == 1 else 'ies'} without a map shape"))
    if largest <= 0:
        notes.append(note(f"No {unit} ({what}) in these countries.", x=0.5, y=1, size=13))
    return figure([choropleth], height=420, legend=False, geo=GEO, annotations=notes)


def _colour_range(largest: float, measure: str, unit: str) -> dict[str, object]:
    """Both ends of the colour scale fixed (plotly would centre a single value): 0 is the
    lightest, the largest value the darkest, even when one country is all there is. With
    nothing above 0 every country is drawn lightest and no colour bar pretends a range."""
    if largest <= 0:
        return {"zauto": False, "zmin": 0, "zmax": 1, "showscale": False}
    ticks = _nice_ticks(largest)
    return {
        "zauto": False,
        "zmin": 0,
        "zmax": float(np.sqrt(largest)),
        "showscale": True,
        "colorbar": {
            "title": {"text": unit},
            "thickness": 12,
            "len": 0.75,
            "tickvals": [float(np.sqrt(v)) for v in ticks],
            "ticktext": [_value_text(v, measure) for v in ticks],
        },
    }


def _nice_ticks(largest: float) -> list[float]:
    """0 and the largest few of the round values 1, 2, 5 x 10^k not above ``largest``."""
    steps = [m * 10**k for k in range(13) for m in (1, 2, 5)]
    return [0.0, *[float(v) for v in steps if v <= largest][-5:]]


def _value_text(value: float, measure: str) -> str:
    return money(value) if measure.startswith("spend:") else f"{int(value):,}"


def breakdown(
    frame: pd.DataFrame, category: str, label: Callable[[str], str], *, top: int = 12
) -> Figure:
    """Horizontal bars stacked by tier, the categories with most high + critical first."""
    if frame.empty:
        return empty_figure(NO_SUPPLIERS)
    table = crosstab(frame, category, "tier", "suppliers")
    table = table.reindex(columns=[t for t in TIERS if t in table.columns])
    exposed = table[[t for t in EXPOSED if t in table.columns]].sum(axis=1)
    order = pd.DataFrame({"exposed": exposed, "total": table.sum(axis=1)})
    keep = order.sort_values(["exposed", "total"], ascending=False).index[:top][::-1]
    table = table.loc[keep]
    tiers = [
        Series(
            TIER_LABELS[tier],
            TIER_COLOURS[tier],
            ints(table[tier]),
            {"hovertemplate": "%{y}: %{x:,} " + tier + "<extra></extra>"},
        )
        for tier in table.columns
    ]
    labels = [label(str(c)) for c in table.index]
    return stacked_counts(labels, tiers, "suppliers", horizontal=True, bargap=0.25, row_height=34)


def tier_mix(mix: pd.DataFrame) -> Figure:
    """Share of each tier in every upload's assessments, oldest upload first."""
    if mix.empty:
        return empty_figure("No scored uploads in this range.")
    labels = [
        f"{pd.Timestamp(t):%Y-%m-%d} #{u}"
        for t, u in zip(mix["uploaded_at"], mix["upload_id"], strict=True)
    ]
    table = crosstab(mix.assign(label=labels), "label", "tier", "assessments", sort=False)
    shares = table.div(table.sum(axis=1), axis=0) * 100
    bars = [
        bar(
            Series(
                TIER_LABELS[tier],
                TIER_COLOURS[tier],
                shares[tier].round(2).tolist(),
                {
                    "customdata": ints(table[tier]),
                    "hovertemplate": "%{x}: %{y:.1f}% "
                    + tier
                    + " (%{customdata:,})<extra></extra>",
                },
            ),
            shares.index.tolist(),
        )
        for tier in TIERS
        if tier in shares.columns
    ]
    return figure(
        bars,
        barmode="stack",
        bargap=0.35,
        xaxis={"type": "category"},
        yaxis={"title": {"text": "% of assessed suppliers"}, "range": [0, 100], "ticksuffix": "%"},
    )
