"""Confidence (0-1) in a score: how complete and current the supplier's data is.

Each gap subtracts the rule set's ``confidence`` penalty: audit unknown or expired, goods not
given, sector unknown, no address/city/region (the Xinjiang check cannot run), no or stale TIP
placement, and a partial entity-list edition (screening is incomplete for everyone).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import present
from supplychain.domain.rules.country_goods import has_goods
from supplychain.domain.rules.country_tip import latest_placements
from supplychain.domain.ruleset import LoadedRuleSet


def _flags(hits: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Per rule id, which suppliers have a hit with it (rule ids compared as codes)."""
    codes, rules = pd.factorize(hits["rule"])
    pos = hits["pos"].to_numpy()
    flags = {}
    for code, rule in enumerate(rules):
        flag = np.zeros(n, dtype=bool)
        flag[pos[codes == code]] = True
        flags[str(rule)] = flag
    return flags


def _stale_tip(work: pd.DataFrame, rules: LoadedRuleSet) -> np.ndarray:
    latest = latest_placements(rules)
    stale = latest.index[latest["stale"]]
    return work["country"].astype("str").isin(stale).to_numpy()


def confidence(work: pd.DataFrame, hits: pd.DataFrame, rules: LoadedRuleSet) -> pd.Series:
    """Per supplier confidence, rounded to 2 decimals."""
    pen = rules.params["confidence"]
    n = len(work)
    goods_known = has_goods(work)
    located = present(work["address"]) | present(work["city"]) | present(work["region"])
    flags = _flags(hits, n)
    none = np.zeros(n, dtype=bool)
    gaps = {
        "audit_unknown": flags.get("audit.unknown", none) | flags.get("audit.none", none),
        "audit_expired": flags.get("audit.expired", none),
        "goods_unknown": ~goods_known.to_numpy(dtype=bool),
        "sector_unknown": flags.get("sector.unknown", none),
        "location_unknown": ~located.to_numpy(dtype=bool),
        "tip_placement_unknown": flags.get("country_tip.unknown", none),
        "tip_placement_stale": _stale_tip(work, rules),
    }
    total = np.zeros(n, dtype="float64")
    for name, flag in gaps.items():
        total += np.where(flag, float(pen[name]), 0.0)
    if rules.edition("uflpa_entity_list").partial:
        total += float(pen["partial_entity_list"])
    return pd.Series(np.clip(1.0 - total, 0.0, 1.0).round(2), index=work.index)
