"""Rule family 5: sector weights derived from the DOL List of Goods."""

from __future__ import annotations

import numpy as np

from supplychain.domain.rules.sector import sector_weights
from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def test_weights_follow_the_documented_formula(default_rules):
    w = sector_weights(default_rules)
    p = default_rules.params["sector"]
    assert set(w.index) == set(default_rules.sector_codes)
    assert (
        w["points"].max() == p["max_points"] and w.loc["agriculture", "points"] == p["max_points"]
    )
    assert w.loc["services", "points"] == p["floor_points"] and w.loc["services", "n"] == 0
    expected = p["floor_points"] + (p["max_points"] - p["floor_points"]) * np.log1p(
        w.loc["apparel_textiles", "n"]
    ) / np.log1p(w["n"].max())
    assert w.loc["apparel_textiles", "points"] == round(expected, 1)


def test_unknown_sector_scores_the_maximum(default_rules):
    frame = make_frame(
        [
            {"supplier_name": "A", "country": "DE", "sector": s}
            for s in (None, "agriculture", "services")
        ]
    )
    res = score_frame(frame, default_rules, as_of=AS_OF)
    points = [hits_of(res, i, "sector")[0]["points"] for i in range(3)]
    assert points[0] >= points[1] > points[2]
    assert hits_of(res, 0, "sector")[0]["rule"] == "sector.unknown"
