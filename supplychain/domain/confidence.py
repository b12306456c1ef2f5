"""Confidence (0-1) in a score: how complete and current the supplier's data is.

Each gap subtracts the rule set's ``confidence`` penalty: audit unknown or expired, goods not
given, sector unknown, no address/city/region (the Xinjiang check cannot run), no or stale TIP
placement, and a partial entity-list edition (screening is incomplete for everyone).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import present
from supplychain.domain.ruleset import LoadedRuleSet


def _rule_flag(hits: pd.DataFrame, n: int, rule: str, contains: str | None = None) -> np.ndarray:
    mask = hits["rule"] == rule
    if contains is not None:
        mask &= hits["reason"].str.contains(contains, regex=False)
    flag = np.zeros(n, dtype=bool)
    flag[hits.loc[mask, "pos"].to_numpy()] = True
    return flag


def confidence(work: pd.DataFrame, hits: pd.DataFrame, rules: LoadedRuleSet) -> pd.Series:
    """Per supplier confidence, rounded to 2 decimals."""
    pen = rules.params["confidence"]
    n = len(work)
    goods_known = work["goods"].map(lambda g: isinstance(g, tuple | list) and len(g) > 0)
    located = present(work["address"]) | present(work["city"]) | present(work["region"])
    gaps = {
        "audit_unknown": _rule_flag(hits, n, "audit.unknown") | _rule_flag(hits, n, "audit.none"),
        "audit_expired": _rule_flag(hits, n, "audit.expired"),
        "goods_unknown": ~goods_known.to_numpy(dtype=bool),
        "sector_unknown": _rule_flag(hits, n, "sector.unknown"),
        "location_unknown": ~located.to_numpy(dtype=bool),
        "tip_placement_unknown": _rule_flag(hits, n, "country_tip.unknown"),
        "tip_placement_stale": _rule_flag(hits, n, "country_tip.placement", "coverage is partial"),
    }
    total = np.zeros(n, dtype="float64")
    for name, flag in gaps.items():
        total += np.where(flag, float(pen[name]), 0.0)
    if rules.edition("uflpa_entity_list").partial:
        total += float(pen["partial_entity_list"])
    return pd.Series(np.clip(1.0 - total, 0.0, 1.0).round(2), index=work.index)
