"""Rule family 4: TIP report tier, latest placement known, unknown placement."""

from __future__ import annotations

from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def _score(rules, country):
    frame = make_frame(
        [
            {
                "supplier_name": "A",
                "country": country,
                "city": "X",
                "sector": "other",
                "goods": ("Widgets",),
                "audit_result": "passed",
                "audit_date": "2025-06-01",
            }
        ]
    )
    return score_frame(frame, rules, as_of=AS_OF)


def test_latest_placement_is_used(default_rules):
    (hit,) = hits_of(_score(default_rules, "CN"), 0, "country_tip")
    assert hit["points"] == 20 and "Tier 3 in the 2025 TIP report" in hit["reason"]


def test_older_tier_one_placement_is_flagged_as_partial_coverage(default_rules):
    res = _score(default_rules, "DE")
    (hit,) = hits_of(res, 0, "country_tip")
    assert hit["points"] == 0 and "Tier 1 in the 2023" in hit["reason"]
    assert "coverage is partial" in hit["reason"]
    assert res.scores.loc[0, "confidence"] < _score(default_rules, "CN").scores.loc[0, "confidence"]


def test_no_placement_means_lower_confidence_not_lower_risk(default_rules):
    unknown = _score(default_rules, "AQ")  # Antarctica: never placed
    (hit,) = hits_of(unknown, 0, "country_tip")
    assert hit["rule"] == "country_tip.unknown" and hit["points"] == 4
    assert "coverage is partial" in hit["reason"]
    tier2 = _score(default_rules, "TR")
    assert hits_of(tier2, 0, "country_tip")[0]["points"] == hit["points"]
    assert unknown.scores.loc[0, "confidence"] < tier2.scores.loc[0, "confidence"]
