"""Scoring: run every rule family, add the points, pick the tier, and explain each point.

``score_frame`` is deterministic: it reads no clock (``as_of`` is passed in), sorts every output
stably, and depends on no dict or set iteration order. Work is vectorised per rule family (merges on
unique keys, one ``cdist`` over unique names); no Python loop runs over suppliers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from supplychain.domain.confidence import confidence
from supplychain.domain.entity_names import basic_normalise
from supplychain.domain.fields import FIELD_NAMES, TIERS
from supplychain.domain.rules import (
    audit,
    country_goods,
    country_tip,
    entity_list,
    findings,
    region,
    sector,
)
from supplychain.domain.rules.base import HIT_COLUMNS, ScoringContext, present
from supplychain.domain.ruleset import LoadedRuleSet, RuleSet

FAMILIES = (entity_list, region, country_goods, country_tip, sector, audit, findings)
HIT_FIELDS = ("rule", "points", "reason", "source")


@dataclass(frozen=True)
class EntityDecision:
    """A person's decision on an entity-list match for one supplier under one list edition."""

    supplier_key: str
    entity: str
    edition: str
    status: Literal["confirmed", "dismissed"]
    reason: str
    decided_by: str


@dataclass
class ScoreResult:
    """Scores (index = the input frame's index) and the hits that explain them."""

    scores: pd.DataFrame
    hits: pd.DataFrame
    ruleset: RuleSet
    as_of: date | None = None

    def hits_for(self, idx: Any) -> list[dict[str, Any]]:
        """The hits of one supplier, points descending then rule id."""
        rows = self.hits[self.hits["idx"] == idx]
        rows = rows.sort_values(["points", "rule"], ascending=[False, True], kind="mergesort")
        return [
            {"rule": r.rule, "points": float(r.points), "reason": r.reason, "source": r.source}
            for r in rows[list(HIT_FIELDS)].itertuples(index=False)
        ]

    def by_tier(self) -> dict[str, int]:
        """Number of suppliers per tier, every tier present."""
        counts = self.scores["tier"].value_counts()
        return {t: int(counts.get(t, 0)) for t in TIERS}


def supplier_key(frame: pd.DataFrame) -> pd.Series:
    """``supplier_id`` where present, else normalised name + ``|`` + country."""
    has_id = (
        present(frame["supplier_id"])
        if "supplier_id" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    keys = pd.Series("", index=frame.index, dtype="str", name="supplier_key")
    if has_id.any():
        keys[has_id] = frame.loc[has_id, "supplier_id"].astype("str").str.strip()
    if not has_id.all():
        rest = frame.loc[~has_id]
        name = basic_normalise(rest["supplier_name"])
        keys[~has_id] = name + "|" + rest["country"].astype("str").fillna("")
    return keys


def _work_frame(frame: pd.DataFrame) -> pd.DataFrame:
    work = frame.reset_index(drop=True)
    for name in FIELD_NAMES:
        if name not in work.columns:
            work[name] = pd.Series(pd.NA, index=work.index, dtype="object")
    return work


def _tiers(points: pd.Series, forced: np.ndarray, rules: LoadedRuleSet) -> np.ndarray:
    t = rules.params["tiers"]
    tier = np.select(
        [points >= t["critical"], points >= t["high"], points >= t["medium"]],
        ["critical", "high", "medium"],
        "low",
    )
    return np.where(forced, "critical", tier)


def _sorted(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits by supplier position, points descending, then rule and reference row.

    Within one supplier and rule, hits on the same points come from different reference rows, so
    this order is total; the sort is stable anyway.
    """
    rule = pd.factorize(hits["rule"], sort=True)[0]
    ref_row = hits["ref_row"].fillna(-1).to_numpy(dtype="int64")
    points = -hits["points"].to_numpy()
    order = np.lexsort((ref_row, rule, points, hits["pos"].to_numpy()))
    return hits.take(order).reset_index(drop=True)


def _decisions(decisions: Sequence[EntityDecision]) -> pd.DataFrame:
    bad = [d.status for d in decisions if d.status not in ("confirmed", "dismissed")]
    if bad:
        raise ValueError(f"decision status must be confirmed or dismissed, not {bad[0]!r}")
    return entity_list.decisions_frame(decisions)


def score_frame(
    frame: pd.DataFrame,
    rules: LoadedRuleSet,
    *,
    as_of: date,
    decisions: Sequence[EntityDecision] = (),
    findings: pd.DataFrame | None = None,
) -> ScoreResult:
    """Score every supplier in the canonical frame (see docs/contracts.md)."""
    work = _work_frame(frame)
    ctx = ScoringContext(as_of, supplier_key(work), _decisions(decisions), findings)
    parts = [family.evaluate(work, rules, ctx) for family in FAMILIES]
    hits = pd.concat(parts, ignore_index=True)
    hits = _sorted(hits)
    n = len(work)
    total = np.bincount(hits["pos"].to_numpy(), weights=hits["points"].to_numpy(), minlength=n)
    forced = np.zeros(n, dtype=bool)
    forced[hits.loc[hits["critical"], "pos"].to_numpy()] = True
    points = pd.Series(np.clip(total, 0, 100).round(1), index=work.index)
    scores = pd.DataFrame(
        {
            "score": points.to_numpy(),
            "tier": pd.Series(_tiers(points, forced, rules), dtype="str").to_numpy(),
            "confidence": confidence(work, hits, rules).to_numpy(),
        },
        index=frame.index,
    )
    scores["tier"] = scores["tier"].astype("str")
    hits.insert(0, "idx", frame.index.to_numpy()[hits["pos"].to_numpy()])
    hits = hits[["idx", *HIT_COLUMNS]]
    return ScoreResult(scores, hits, rules.ruleset, as_of)
