"""What every rule family shares: the scoring context and the hit frame they return.

A rule family is a function ``evaluate(work, rules, ctx) -> hits`` where ``work`` is the supplier
frame with a 0..n-1 RangeIndex (``pos``) and ``hits`` has :data:`HIT_COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from supplychain.domain.reference import Edition

HIT_COLUMNS: tuple[str, ...] = (
    "pos",
    "rule",
    "points",
    "reason",
    "source",
    "critical",
    "entity",
    "similarity",
    "edition",
    "dataset",
    "ref_row",
)
_DTYPES: dict[str, str] = {
    "pos": "int64",
    "rule": "str",
    "points": "float64",
    "reason": "str",
    "source": "str",
    "critical": "bool",
    "entity": "str",
    "similarity": "Float64",
    "edition": "str",
    "dataset": "str",
    "ref_row": "Int64",
}


@dataclass(frozen=True)
class ScoringContext:
    """Inputs besides the frame: the as-of date, supplier keys, decisions and findings."""

    as_of: date
    keys: pd.Series
    decisions: pd.DataFrame
    findings: pd.DataFrame | None


def empty_hits() -> pd.DataFrame:
    """A hit frame with no rows and the right dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=_DTYPES[c]) for c in HIT_COLUMNS})


def make_hits(
    pos: Any,
    rule: Any,
    points: Any,
    reason: Any,
    source: Any,
    *,
    critical: Any = False,
    **details: Any,
) -> pd.DataFrame:
    """Build a hit frame; scalars broadcast, Series/arrays must share ``pos``'s length."""
    positions = np.asarray(pos, dtype="int64")
    if positions.size == 0:
        return empty_hits()
    values = {"pos": positions, "rule": rule, "points": points, "reason": reason}
    values |= {"source": source, "critical": critical}
    values |= {c: details.get(c, pd.NA) for c in HIT_COLUMNS[6:]}
    unknown = set(details) - set(HIT_COLUMNS)
    if unknown:
        raise TypeError(f"unknown hit detail columns: {sorted(unknown)}")
    columns = {c: _column(values[c], len(positions), _DTYPES[c]) for c in HIT_COLUMNS}
    return pd.DataFrame(columns)


def _column(value: Any, length: int, dtype: str) -> pd.Series:
    if isinstance(value, pd.Series):
        return pd.Series(value.to_numpy(), dtype=dtype)
    if isinstance(value, np.ndarray | list):
        return pd.Series(value, dtype=dtype)
    return pd.Series([value] * length, dtype=dtype)


def source_text(edition: Edition, ref_row: pd.Series | int | str) -> pd.Series | str:
    """``"<title>, edition E, <file> row N [caveats]"`` (vectorised over ref_row)."""
    head = f"{edition.title}, edition {edition.edition}, {edition.path.name} row "
    tail = edition.caveat_text()
    if isinstance(ref_row, pd.Series):
        return head + ref_row.astype("str") + tail
    return f"{head}{ref_row}{tail}"


def cap_points(hits: pd.DataFrame, max_points: float) -> pd.DataFrame:
    """Cap each supplier's total in ``hits`` at ``max_points``, taking the largest hits first."""
    if hits.empty:
        return hits
    ordered = hits.sort_values(
        ["pos", "points", "rule", "ref_row"], ascending=[True, False, True, True], kind="mergesort"
    ).reset_index(drop=True)
    before = ordered.groupby("pos")["points"].cumsum() - ordered["points"]
    allowed = (max_points - before).clip(lower=0)
    capped = ordered["points"].clip(upper=allowed)
    reached = capped < ordered["points"]
    ordered.loc[reached, "reason"] = ordered.loc[reached, "reason"] + (
        f" (family cap of {max_points:g} points reached)"
    )
    ordered["points"] = capped
    return ordered


def present(values: pd.Series) -> pd.Series:
    """True where a text value is present (not NA and not blank)."""
    return values.astype("str").fillna("").str.strip() != ""
