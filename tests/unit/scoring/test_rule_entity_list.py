"""Rule family 1: UFLPA Entity List (and CBP WRO) screening with decisions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process, utils

from supplychain.domain.rules.entity_list import token_sorted
from supplychain.domain.scoring import EntityDecision, score_frame, supplier_key
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame

EDITION = "2025-01-15-partial"


def _score(rules, rows, decisions=()):
    frame = make_frame(rows)
    return frame, score_frame(frame, rules, as_of=AS_OF, decisions=decisions)


def test_exact_name_is_a_strong_critical_hit_naming_entity_similarity_edition(default_rules):
    _, res = _score(default_rules, [{"supplier_name": "Camel Group Co., Ltd.", "country": "CN"}])
    (hit,) = res.hits[res.hits["rule"] == "entity_list.uflpa"].to_dict("records")
    assert hit["entity"] == "Camel Group Co., Ltd." and hit["similarity"] == 100.0
    assert hit["edition"] == EDITION and hit["critical"] and hit["points"] == 60
    assert "PARTIAL SNAPSHOT" in hit["reason"] and "row 5" in hit["source"]
    assert res.scores.loc[0, "tier"] == "critical"


def test_transliteration_variant_and_alias_match(default_rules):
    rows = [
        {"supplier_name": "Hotan Haolin Hair Accessories Company Limited", "country": "CN"},
        {"supplier_name": "Akesu Huafu Melange Yarn Co Ltd", "country": "CN"},
    ]
    _, res = _score(default_rules, rows)
    assert [
        h["entity"] for h in res.hits[res.hits["rule"] == "entity_list.uflpa"].to_dict("records")
    ] == [
        "Hetian Haolin Hair Accessories Co. Ltd.",
        "Aksu Huafu Color Spinning Co., Ltd.",
    ]


def test_near_miss_is_possible_not_critical_and_unrelated_name_is_clean(default_rules):
    rows = [
        {"supplier_name": "Hoshine Silicon Industries Co.", "country": "CN", "city": "Shanghai"},
        {"supplier_name": "Bright Ocean Garments", "country": "CN"},
    ]
    _, res = _score(default_rules, rows)
    possible = hits_of(res, 0, "entity_list.uflpa")
    assert possible and all(h["points"] == 30 for h in possible)
    assert not res.hits.loc[res.hits["rule"] == "entity_list.uflpa", "critical"].any()
    assert hits_of(res, 1, "entity_list") == []


def test_parent_company_match_has_its_own_rule(default_rules):
    rows = [{"supplier_name": "Sunrise Yarn", "country": "VN", "parent_company": "Ninestar Corp."}]
    _, res = _score(default_rules, rows)
    assert [h["rule"] for h in hits_of(res, 0, "entity_list")] == ["entity_list.uflpa.parent"]
    assert res.scores.loc[0, "tier"] == "critical"


def test_dismissed_decision_suppresses_only_the_same_edition(default_rules):
    frame, _ = _score(default_rules, [{"supplier_name": "Camel Group", "country": "CN"}])
    key = supplier_key(frame).iloc[0]
    entity = "Camel Group Co., Ltd."
    same = EntityDecision(key, entity, EDITION, "dismissed", "different company", "ann@example.com")
    res = score_frame(frame, default_rules, as_of=AS_OF, decisions=[same])
    assert hits_of(res, 0, "entity_list.uflpa") == []
    older = EntityDecision(key, entity, "2024-01-01", "dismissed", "old", "ann@example.com")
    res = score_frame(frame, default_rules, as_of=AS_OF, decisions=[older])
    (hit,) = hits_of(res, 0, "entity_list.uflpa")
    assert "re-opened" in hit["reason"] and "2024-01-01" in hit["reason"]


def test_confirmed_decision_makes_a_possible_match_critical(default_rules):
    frame, res = _score(
        default_rules,
        [{"supplier_name": "Hoshine Silicon Industries Co.", "country": "CN", "city": "Shanghai"}],
    )
    hit = res.hits[res.hits["rule"] == "entity_list.uflpa"].iloc[0]
    assert not hit["critical"]
    confirm = EntityDecision(
        supplier_key(frame).iloc[0],
        hit["entity"],
        EDITION,
        "confirmed",
        "same registration number",
        "bob",
    )
    res = score_frame(frame, default_rules, as_of=AS_OF, decisions=[confirm])
    confirmed = res.hits[
        (res.hits["rule"] == "entity_list.uflpa") & (res.hits["entity"] == hit["entity"])
    ]
    assert confirmed["critical"].all() and confirmed["points"].eq(60).all()
    assert "confirmed by bob" in confirmed["reason"].iloc[0]
    assert res.scores.loc[0, "tier"] == "critical"


def test_cbp_wro_is_low_confidence_and_never_critical_alone(default_rules):
    _, res = _score(
        default_rules,
        [
            {
                "supplier_name": "Top Glove Corporation Bhd",
                "country": "MY",
                "goods": ("Rubber Gloves",),
            }
        ],
    )
    (hit,) = hits_of(res, 0, "entity_list.cbp_wro")
    assert hit["points"] == 10 and "UNVERIFIED" in hit["reason"] and "UNVERIFIED" in hit["source"]
    assert not res.hits.loc[res.hits["rule"] == "entity_list.cbp_wro", "critical"].any()
    assert res.scores.loc[0, "tier"] != "critical"


names = st.lists(st.text(st.characters(codec="utf-8"), max_size=30), min_size=1, max_size=8)
close = st.lists(
    st.lists(st.sampled_from(["camel", "group", "co", "ltd", "hotan", "Ürümqi", "a-b", "  "])).map(
        " ".join
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(queries=st.one_of(names, close), choices=st.one_of(names, close))
def test_pre_sorted_ratio_scores_exactly_as_token_sort_ratio(queries, choices):
    """The screen compares words sorted once per name with fuzz.ratio; it must give the very
    scores of fuzz.token_sort_ratio with utils.default_process, whatever the text."""
    q, c = np.asarray(queries, dtype=object), np.asarray(choices, dtype=object)
    expected = process.cdist(
        q, c, scorer=fuzz.token_sort_ratio, processor=utils.default_process, score_cutoff=50
    )
    got = process.cdist(token_sorted(q), token_sorted(c), scorer=fuzz.ratio, score_cutoff=50)
    assert np.array_equal(expected, got)
