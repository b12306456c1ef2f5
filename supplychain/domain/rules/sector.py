"""Rule family 5: inherent sector risk, derived from the DOL List of Goods.

Weights are not hand-picked: each DOL listing is mapped to a sector code
(``risk_rules/reference/dol_good_sector_map.csv``, our classification) and counted, a forced-labour
listing counting ``forced_labour_weight`` times. A sector scores
``floor + (max - floor) * log(1 + n) / log(1 + n_max)``: the log damps agriculture's sheer number of
listings; sectors without listings get the floor (no DOL evidence is not evidence of no risk). An
unknown sector scores ``unknown_points`` (at least the maximum: missing data never looks safer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import ScoringContext, as_text, make_hits
from supplychain.domain.ruleset import LoadedRuleSet


def sector_weights(rules: LoadedRuleSet) -> pd.DataFrame:
    """Per sector code: weighted DOL listing count ``n``, ``points`` (1 decimal) and ``reason``."""
    if "sector_weights" in rules.cache:
        return rules.cache["sector_weights"]
    p = rules.params["sector"]
    dol = rules.table("dol_goods")
    mapping = rules.table("dol_good_sector_map").set_index("good")["sector_code"]
    weight = np.where(dol["forced_labor"] == "true", float(p["forced_labour_weight"]), 1.0)
    counts = (
        pd.Series(weight, index=dol["good"].map(mapping).fillna("other")).groupby(level=0).sum()
    )
    counts = counts.reindex(list(rules.sector_codes), fill_value=0.0)
    scale = np.log1p(counts) / np.log1p(counts.max())
    points = (p["floor_points"] + (p["max_points"] - p["floor_points"]) * scale).round(1)
    reason = (
        "Sector "
        + counts.index.to_series()
        + ": inherent risk derived from its "
        + counts.map("{:g}".format)
        + f" of {counts.sum():g} weighted listings on the "
        + rules.edition("dol_goods").label
        + " (forced-labour listings count "
        + f"{p['forced_labour_weight']:g}x; log-scaled)"
    )
    weights = pd.DataFrame({"n": counts, "points": points, "reason": as_text(reason)})
    rules.cache["sector_weights"] = weights
    return weights


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier: its sector's inherent weight, or the unknown-sector weight."""
    weights = sector_weights(rules)
    dol, mapping = rules.edition("dol_goods"), rules.edition("dol_good_sector_map")
    codes, uniques = pd.factorize(work["sector"])  # looked up once per distinct sector
    names = np.append(np.asarray(uniques, dtype=object), "")  # code -1 (missing) -> ""
    known = np.asarray(pd.Index(names).isin(weights.index))[codes]
    info = weights.reindex(names).iloc[codes[known]]
    sector = pd.Series(names[codes], index=work.index, dtype=object)
    source = f"Derived from {dol.path.name} (edition {dol.edition}) and {mapping.path.name} " + (
        f"(edition {mapping.edition}); method in risk_rules/README.md"
    )
    return pd.concat(
        [
            make_hits(
                work.index[known],
                "sector.inherent",
                info["points"],
                info["reason"],
                source,
                entity=sector[known],
                edition=dol.edition,
                dataset="sector_weights",
            ),
            make_hits(
                work.index[~known],
                "sector.unknown",
                float(rules.params["sector"]["unknown_points"]),
                "Sector unknown or not in the taxonomy; scored at the highest sector weight "
                "until it is known",
                source,
                edition=dol.edition,
                dataset="sector_weights",
            ),
        ],
        ignore_index=True,
    )
