"""The supplier view's figures: points per rule and the score history."""

from __future__ import annotations

import pandas as pd

from dashboards.explorer import figures
from dashboards.theme import TIER_COLOURS


def test_hit_points_sums_per_rule_largest_on_top() -> None:
    hits = pd.DataFrame(
        {
            "rule": ["sector.inherent", "entity_list.uflpa", "sector.inherent"],
            "points": [3.0, 60.0, 2.0],
            "reason": ["a", "b", "c"],
            "source": ["s", "t", "u"],
        }
    )
    bar = figures.hit_points(hits)["data"][0]
    assert list(bar["y"]) == ["sector.inherent", "entity_list.uflpa"]  # drawn bottom-up
    assert list(bar["x"]) == [5.0, 60.0] and list(bar["text"]) == ["+5", "+60"]


def test_no_hits_says_nothing_raised_the_risk() -> None:
    empty = pd.DataFrame(columns=["rule", "points", "reason", "source"])
    assert "No rule added points" in figures.hit_points(empty)["layout"]["annotations"][0]["text"]


def test_score_history_marks_each_assessment_in_its_tier_colour() -> None:
    history = pd.DataFrame(
        {
            "as_of": ["2026-01-01", "2026-06-01"],
            "score": [30.0, 80.0],
            "tier": ["medium", "critical"],
            "ruleset": ["default@1", "default@2"],
            "upload": ["a.xlsx", "b.xlsx"],
        }
    )
    line = figures.score_history(history)["data"][0]
    assert list(line["y"]) == [30.0, 80.0]
    assert list(line["marker"]["color"]) == [TIER_COLOURS["medium"], TIER_COLOURS["critical"]]
    assert (
        "Not assessed"
        in figures.score_history(history.iloc[0:0])["layout"]["annotations"][0]["text"]
    )
