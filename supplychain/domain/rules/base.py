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
# Text columns are ``object``: hits repeat a few distinct reasons and sources many times, and object
# arrays share one Python string per distinct value where Arrow strings would copy the bytes.
_DTYPES: dict[str, str] = {
    "pos": "int64",
    "rule": "object",
    "points": "float64",
    "reason": "object",
    "source": "object",
    "critical": "bool",
    "entity": "object",
    "similarity": "Float64",
    "edition": "object",
    "dataset": "object",
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
        value = value.to_numpy(dtype=object if dtype == "object" else None)
    if isinstance(value, np.ndarray | list):
        return pd.Series(value, dtype=dtype)
    if dtype == "object":
        filled = np.empty(length, dtype=object)
        filled[:] = value
        return pd.Series(filled, dtype=dtype)
    if value is pd.NA and dtype in ("Int64", "Float64"):
        kind = "int64" if dtype == "Int64" else "float64"
        array = pd.array(np.zeros(length, dtype=kind), dtype=dtype)
        array[:] = pd.NA
        return pd.Series(array)
    return pd.Series(np.repeat(value, length) if length else [], dtype=dtype)


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


def per_key(frame: pd.DataFrame, keys: list[str], build: Any) -> pd.DataFrame:
    """``frame`` plus the columns ``build(unique_rows)`` returns, computed once per distinct key.

    Text built per distinct key (a reason per country, per audit date...) is then shared by every
    row with that key instead of being concatenated row by row.
    """
    codes = np.zeros(len(frame), dtype="int64")
    for key in keys:
        key_codes, uniques = pd.factorize(frame[key], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + key_codes
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    built = build(frame[keys].iloc[first].reset_index(drop=True)).reset_index(drop=True)
    out = frame.reset_index(drop=True)
    for column in built.columns:
        values = built[column].to_numpy()[inverse.reshape(-1)]
        out[column] = pd.Series(values, index=out.index, dtype=built[column].dtype)
    return out


def as_text(values: pd.Series) -> pd.Series:
    """The same values as an ``object`` Series of Python strings (NA as ``""``).

    Object dtype is deliberate (see ``_DTYPES``); pandas would otherwise infer Arrow strings.
    """
    return pd.Series(
        values.astype("str").fillna("").to_numpy(dtype=object), index=values.index, dtype=object
    )


def present(values: pd.Series) -> pd.Series:
    """True where a text value is present (not NA and not blank)."""
    return values.astype("str").fillna("").str.strip() != ""
