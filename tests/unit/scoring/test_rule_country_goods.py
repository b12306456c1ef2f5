"""Rule family 3: DOL List of Goods, forced vs child labour, downstream goods, unknown goods."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def _goods_hits(rules, country, goods):
    frame = make_frame([{"supplier_name": "A", "country": country, "goods": goods}])
    return hits_of(score_frame(frame, rules, as_of=AS_OF), 0, "country_goods.")


def test_forced_labour_weighs_more_than_child_labour(default_rules):
    (forced,) = _goods_hits(default_rules, "MY", ("Rubber Gloves",))
    (child,) = _goods_hits(default_rules, "AF", ("Carpets",))
    assert (
        forced["rule"] == "country_goods.forced_labour"
        and child["rule"] == "country_goods.child_labour"
    )
    assert forced["points"] > child["points"] > 0
    assert "row 270" in forced["source"] and "forced labour" in forced["reason"]


def test_downstream_solar_modules_cite_downstream_and_input_rows(default_rules):
    (hit,) = _goods_hits(default_rules, "CN", ("Solar Modules",))
    assert hit["rule"] == "country_goods.downstream" and hit["points"] == 20
    assert "Polysilicon" in hit["reason"] and "downstream" in hit["reason"]
    assert "row 127 [" in hit["source"] and "row 125 (input listing)" in hit["source"]


def test_downstream_battery_uses_drc_cobalt_child_labour(default_rules):
    (hit,) = _goods_hits(default_rules, "CN", ("Lithium-Ion Batteries",))
    assert hit["points"] == 10 and "Cobalt ore (heterogenite) from CD" in hit["reason"]


def test_good_spelling_is_matched_case_insensitively_and_unlisted_goods_score_nothing(
    default_rules,
):
    assert [h["rule"] for h in _goods_hits(default_rules, "CN", ("cotton",))] == [
        "country_goods.forced_labour"
    ]
    assert _goods_hits(default_rules, "DE", ("Cotton", "Widgets")) == []


def test_unknown_goods_score_as_child_labour_when_country_has_listings(default_rules):
    (hit,) = _goods_hits(default_rules, "CN", ())
    assert hit["rule"] == "country_goods.unknown" and hit["points"] == 10
    assert _goods_hits(default_rules, "DE", ()) == []


def test_family_cap(default_rules):
    hits = _goods_hits(default_rules, "CN", ("Cotton", "Bricks", "Polysilicon", "Garments"))
    assert sum(h["points"] for h in hits) == 30
    assert any("cap of 30 points reached" in h["reason"] for h in hits)


def test_goods_as_arrays_lists_or_missing_score_as_tuples(default_rules):
    """Frames rebuilt from stored records hold goods as arrays; a column may be missing."""
    rows = [
        {"supplier_name": "A", "country": "MY", "goods": ("Rubber Gloves", "Garments")},
        {"supplier_name": "B", "country": "CN", "goods": ("Solar Modules",)},
        {"supplier_name": "C", "country": "IN", "goods": ()},
    ]
    frame = make_frame(rows)
    expected = score_frame(frame, default_rules, as_of=AS_OF)
    for convert in (lambda g: np.asarray(g, dtype=object), list):
        other = frame.assign(goods=pd.Series([convert(g) for g in frame["goods"]], dtype=object))
        got = score_frame(other, default_rules, as_of=AS_OF)
        pd.testing.assert_frame_equal(got.hits, expected.hits)
    blank = frame.assign(goods=pd.Series([pd.NA, pd.NA, ()], dtype=object))
    unknown = score_frame(blank, default_rules, as_of=AS_OF)
    assert [h["rule"] for h in hits_of(unknown, 0, "country_goods.")] == ["country_goods.unknown"]
