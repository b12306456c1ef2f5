"""Bar charts shared by the dashboards' figure modules (pure: lists in, plotly figure dicts out)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dashboards.theme import Figure, count_axis, figure

MIN_HEIGHT = 260


@dataclass(frozen=True)
class Series:
    """One coloured part of every bar: its legend name, colour and one value per label."""

    name: str
    colour: str
    values: list[Any]
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. hovertemplate, customdata


def bar(series: Series, labels: list[str], *, horizontal: bool = False) -> dict[str, Any]:
    """One plotly bar trace; horizontal bars put the labels on the y axis."""
    x, y = (series.values, labels) if horizontal else (labels, series.values)
    trace = {"type": "bar", "name": series.name, "marker": {"color": series.colour}, "x": x, "y": y}
    return {**trace, **({"orientation": "h"} if horizontal else {}), **series.extra}


def stacked_counts(
    labels: list[str],
    series: list[Series],
    unit: str,
    *,
    horizontal: bool = False,
    bargap: float = 0.3,
    row_height: int = 30,
) -> Figure:
    """Counts stacked per label on a whole-number axis titled ``unit``. Horizontal charts grow
    with their labels (plotly draws the first label at the bottom)."""
    totals = [sum(values) for values in zip(*(s.values for s in series), strict=True)]
    axis = count_axis(float(max(totals, default=0)), unit)
    bars = [bar(s, labels, horizontal=horizontal) for s in series]
    if not horizontal:
        return figure(bars, barmode="stack", bargap=bargap, yaxis=axis)
    height = max(MIN_HEIGHT, row_height * len(labels) + 85)
    return figure(bars, height=height, barmode="stack", bargap=bargap, xaxis=axis)


def ints(values: Iterable[Any]) -> list[int]:
    return [int(v) for v in values]
