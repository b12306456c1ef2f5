"""Rule family 4: the country's tier in the US State Department TIP report.

The latest placement known for the country is used. Our data has Tier 1 and Tier 2 for the 2023
report only (later reports: Tier 2 Watch List, Tier 3 and Special Case only), so a placement older
than the newest report is flagged as stale, and a country with no placement at all scores
``unknown_points`` (a Tier 2 level: no placement known means lower confidence, not lower risk).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import (
    ScoringContext,
    as_text,
    make_hits,
    per_key,
    source_text,
)
from supplychain.domain.ruleset import LoadedRuleSet

COVERAGE_NOTE = "coverage is partial: Tier 1/2 placements are known only for the 2023 report"


def latest_placements(rules: LoadedRuleSet) -> pd.DataFrame:
    """One row per iso2: latest report year, tier, reference row, points, reason and source."""
    if "tip_latest" not in rules.cache:
        table = rules.table("tip_tiers")
        table = table[table["iso2"] != ""].assign(year=lambda t: t["report_year"].astype("int64"))
        table = table.sort_values(["iso2", "year", "ref_row"], kind="mergesort")
        latest = table.drop_duplicates("iso2", keep="last").set_index("iso2")
        latest["newest_year"] = int(table["year"].max())
        rules.cache["tip_latest"] = _explained(latest, rules)
    return rules.cache["tip_latest"]


def _explained(latest: pd.DataFrame, rules: LoadedRuleSet) -> pd.DataFrame:
    edition = rules.edition("tip_tiers")
    stale = latest["year"] < latest["newest_year"]
    reason = (
        latest["country"]
        + " is placed "
        + latest["tier"]
        + " in the "
        + latest["year"].astype("str")
        + " TIP report (latest placement known)"
    )
    reason = reason.where(
        ~stale,
        reason
        + "; later reports in our data list only Tier 2 Watch List, Tier 3 and Special "
        + "Case, and this country is not on them; "
        + COVERAGE_NOTE,
    )
    return pd.DataFrame(
        {
            "tier": as_text(latest["tier"]),
            "country": as_text(latest["country"]),
            "ref_row": latest["ref_row"],
            "stale": stale.to_numpy(),
            "points": latest["tier"].map(rules.params["country_tip"]["points"]).astype("float64"),
            "reason": as_text(reason),
            "source": as_text(pd.Series(source_text(edition, latest["ref_row"]))),
        },
        index=latest.index,
    )


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier: its country's latest known placement, or the unknown placement."""
    edition = rules.edition("tip_tiers")
    codes, uniques = pd.factorize(work["country"])  # joined once per distinct country
    iso2 = np.append(np.asarray(uniques, dtype=object), "")  # code -1 (missing) -> ""
    placed = pd.DataFrame({"iso2": iso2}).join(latest_placements(rules), on="iso2", how="left")
    joined = placed.iloc[codes].set_axis(work.index).assign(pos=work.index)
    known, unknown = joined[joined["tier"].notna()], joined[joined["tier"].isna()]
    found = make_hits(
        known["pos"],
        "country_tip.placement",
        known["points"],
        known["reason"],
        known["source"],
        entity=known["tier"],
        edition=edition.edition,
        dataset=edition.kind,
        ref_row=known["ref_row"],
    )
    reason = per_key(
        unknown[["iso2"]],
        ["iso2"],
        lambda u: pd.DataFrame(
            {
                "reason": as_text(
                    "No TIP report placement known for "
                    + u["iso2"]
                    + "; "
                    + COVERAGE_NOTE
                    + ", so it is scored at the Tier 2 level with lower confidence"
                )
            }
        ),
    )["reason"]
    missing = make_hits(
        unknown["pos"],
        "country_tip.unknown",
        float(rules.params["country_tip"]["unknown_points"]),
        reason,
        f"{edition.title}, edition {edition.edition}, {edition.path.name} (no row for the country)",
        edition=edition.edition,
        dataset=edition.kind,
    )
    return pd.concat([found, missing], ignore_index=True)
