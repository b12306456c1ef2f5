"""Rescoring: compare two score results of the same suppliers (pure; no I/O, no clock)."""

from __future__ import annotations

import pandas as pd

from supplychain.domain.fields import TIERS
from supplychain.domain.scoring import ScoreResult

_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
COLUMNS = (
    "idx",
    "tier_before",
    "tier_after",
    "score_before",
    "score_after",
    "direction",
    "rules_added",
    "rules_removed",
    "explanation",
)


def _rule_sets(result: ScoreResult) -> pd.Series:
    scoring = result.hits[result.hits["points"] > 0]
    return scoring.groupby("idx", sort=True)["rule"].agg(lambda r: tuple(sorted(set(r))))


def _diff(left: pd.Series, right: pd.Series) -> pd.Series:
    pairs = zip(left.tolist(), right.tolist(), strict=True)
    return pd.Series([tuple(r for r in a if r not in b) for a, b in pairs], index=left.index)


def compare(before: ScoreResult, after: ScoreResult, *, changed_only: bool = True) -> pd.DataFrame:
    """Who changes tier between two results and why, most severe change first.

    Both results must score the same index. ``rules_added``/``rules_removed`` list the rule ids that
    carry points in one result and not in the other.
    """
    if not before.scores.index.equals(after.scores.index):
        raise ValueError("the two score results must cover the same suppliers (same index)")
    out = pd.DataFrame(
        {
            "idx": before.scores.index,
            "tier_before": before.scores["tier"].to_numpy(),
            "tier_after": after.scores["tier"].to_numpy(),
            "score_before": before.scores["score"].to_numpy(),
            "score_after": after.scores["score"].to_numpy(),
        }
    )
    empty = pd.Series([()] * len(out), dtype=object)
    rules_before = _rule_sets(before).reindex(out["idx"]).reset_index(drop=True)
    rules_after = _rule_sets(after).reindex(out["idx"]).reset_index(drop=True)
    rules_before = rules_before.where(rules_before.notna(), empty)
    rules_after = rules_after.where(rules_after.notna(), empty)
    out["rules_added"] = _diff(rules_after, rules_before)
    out["rules_removed"] = _diff(rules_before, rules_after)
    step = out["tier_after"].map(_RANK) - out["tier_before"].map(_RANK)
    out["direction"] = step.map(lambda s: "up" if s > 0 else "down" if s < 0 else "same")
    out["explanation"] = _explain(out, before, after)
    if changed_only:
        out = out[step != 0]
        step = step[step != 0]
    order = pd.DataFrame({"neg": -step.abs(), "pos": range(len(out))}, index=out.index)
    out = out.loc[order.sort_values(["neg", "pos"], kind="mergesort").index]
    return out[list(COLUMNS)].reset_index(drop=True)


def _explain(out: pd.DataFrame, before: ScoreResult, after: ScoreResult) -> pd.Series:
    head = (
        out["tier_before"]
        + " -> "
        + out["tier_after"]
        + " ("
        + out["score_before"].astype("str")
        + " -> "
        + out["score_after"].astype("str")
        + f" points; rule set {before.ruleset.id} "
        + f"{before.ruleset.version} -> {after.ruleset.id} {after.ruleset.version})"
    )
    added = out["rules_added"].map(lambda r: f"; new: {', '.join(r)}" if r else "")
    removed = out["rules_removed"].map(lambda r: f"; gone: {', '.join(r)}" if r else "")
    return head + added + removed


def summary(changes: pd.DataFrame) -> dict[str, int]:
    """Counts of suppliers moving up and down."""
    counts = changes["direction"].value_counts()
    return {"up": int(counts.get("up", 0)), "down": int(counts.get("down", 0))}
