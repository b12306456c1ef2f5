"""Rule family 4: the country's tier in the US State Department TIP report.

The latest placement known for the country is used. Our data has Tier 1 and Tier 2 for the 2023
report only (later reports: Tier 2 Watch List, Tier 3 and Special Case only), so a placement older
than the newest report is flagged as stale, and a country with no placement at all scores
``unknown_points`` (a Tier 2 level: no placement known means lower confidence, not lower risk).
"""

from __future__ import annotations

import pandas as pd

from supplychain.domain.rules.base import ScoringContext, make_hits, source_text
from supplychain.domain.ruleset import LoadedRuleSet

COVERAGE_NOTE = "coverage is partial: Tier 1/2 placements are known only for the 2023 report"


def latest_placements(rules: LoadedRuleSet) -> pd.DataFrame:
    """One row per iso2: the latest report year, tier and reference row."""
    if "tip_latest" not in rules.cache:
        table = rules.table("tip_tiers")
        table = table[table["iso2"] != ""].assign(year=lambda t: t["report_year"].astype("int64"))
        table = table.sort_values(["iso2", "year", "ref_row"], kind="mergesort")
        latest = table.drop_duplicates("iso2", keep="last").set_index("iso2")
        latest["newest_year"] = int(table["year"].max())
        rules.cache["tip_latest"] = latest[["country", "tier", "year", "newest_year", "ref_row"]]
    return rules.cache["tip_latest"]


def _known_hits(known: pd.DataFrame, rules: LoadedRuleSet) -> pd.DataFrame:
    edition = rules.edition("tip_tiers")
    points = known["tier"].map(rules.params["country_tip"]["points"]).astype("float64")
    stale = known["year"] < known["newest_year"]
    reason = (
        known["country"]
        + " is placed "
        + known["tier"]
        + " in the "
        + known["year"].astype("str")
        + " TIP report (latest placement known)"
    )
    reason = reason.where(
        ~stale,
        reason
        + "; later reports in our data list only Tier 2 Watch List, Tier 3 and Special Case, "
        + "and this country is not on them; "
        + COVERAGE_NOTE,
    )
    return make_hits(
        known["pos"],
        "country_tip.placement",
        points,
        reason,
        source_text(edition, known["ref_row"]),
        entity=known["tier"],
        edition=edition.edition,
        dataset=edition.kind,
        ref_row=known["ref_row"],
    )


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier: its country's latest known placement, or the unknown placement."""
    latest = latest_placements(rules)
    frame = pd.DataFrame({"pos": work.index, "iso2": work["country"].astype("str")})
    joined = frame.join(latest, on="iso2", how="left")
    known = joined[joined["tier"].notna()]
    unknown = joined[joined["tier"].isna()]
    edition = rules.edition("tip_tiers")
    missing = make_hits(
        unknown["pos"],
        "country_tip.unknown",
        float(rules.params["country_tip"]["unknown_points"]),
        "No TIP report placement known for "
        + unknown["iso2"]
        + "; "
        + COVERAGE_NOTE
        + ", so it is scored at the Tier 2 level with lower confidence",
        f"{edition.title}, edition {edition.edition}, {edition.path.name} (no row for the country)",
        edition=edition.edition,
        dataset=edition.kind,
    )
    return pd.concat([_known_hits(known, rules), missing], ignore_index=True)
