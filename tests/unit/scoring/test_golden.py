"""The golden supplier list scores exactly as recorded in scoring_expected.json."""

from __future__ import annotations

import json

from tests.unit.scoring.golden import EXPECTED, actual, load_input


def test_golden_results_match_exactly() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert actual() == expected


def test_golden_covers_every_tier_and_rule_family() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["default"]
    assert len(expected) == len(load_input()) == 20
    assert {row["tier"] for row in expected} == {"low", "medium", "high", "critical"}
    families = {rule.split(".")[0] for row in expected for rule in row["hits"]}
    assert families == {
        "entity_list",
        "region",
        "country_goods",
        "country_tip",
        "sector",
        "audit",
        "findings",
    }
