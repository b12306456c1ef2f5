"""Property tests: monotone in risk factors, safe with missing data, independent of row order."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import make_frame

COUNTRIES = ["CN", "DE", "MY", "IN", "TR", "BD", "AQ", "US", "KP", "CD"]
GOODS = ["Cotton", "Garments", "Solar Modules", "Rubber Gloves", "Bricks", "Widgets", "Carpets"]
SECTORS = [None, "agriculture", "apparel_textiles", "services", "electronics", "other"]
RESULTS = [None, "passed", "conditional", "failed", "none"]
CITIES = [None, "Shenzhen", "Berlin", "Aksu", "Urumqi", "Hotan", "Istanbul"]
NAMES = [
    "Bright Ocean Textiles",
    "Camel Group Co., Ltd.",
    "Sun Garments",
    "Hoshine Silicon",
    "Acme",
]

supplier = st.fixed_dictionaries(
    {
        "supplier_name": st.sampled_from(NAMES),
        "country": st.sampled_from(COUNTRIES),
        "city": st.sampled_from(CITIES),
        "sector": st.sampled_from(SECTORS),
        "goods": st.lists(st.sampled_from(GOODS), max_size=3, unique=True).map(tuple),
        "audit_result": st.sampled_from(RESULTS),
        "audit_date": st.one_of(
            st.none(), st.dates(date(2018, 1, 1), date(2026, 3, 1)).map(lambda d: d.isoformat())
        ),
    }
)
SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Each example scores a batch of (before, after) pairs in one frame: more cases per scoring call.
batch = st.lists(supplier, min_size=1, max_size=10)


def _pairs(rules, pairs):
    rows = [row for pair in pairs for row in pair]
    scores = score_frame(make_frame(rows), rules, as_of=AS_OF).scores
    return list(zip(scores["score"].iloc[0::2], scores["score"].iloc[1::2], strict=True)), scores


@SETTINGS
@given(bases=batch, extra=st.sampled_from(GOODS))
def test_adding_a_good_never_lowers_the_score(default_rules, bases, extra):
    pairs = []
    for base in bases:
        goods = base["goods"] or (GOODS[0],)
        pairs.append(({**base, "goods": goods}, {**base, "goods": (*goods, extra)}))
    results, _ = _pairs(default_rules, pairs)
    assert all(after >= before for before, after in results)


@SETTINGS
@given(bases=batch, city=st.sampled_from(["Urumqi", "Kashgar", "乌鲁木齐"]))
def test_adding_a_xinjiang_link_never_lowers_and_makes_critical(default_rules, bases, city):
    pairs = [({**b, "country": "CN"}, {**b, "country": "CN", "city": city}) for b in bases]
    results, scores = _pairs(default_rules, pairs)
    assert all(after >= before for before, after in results)
    assert (scores["tier"].iloc[1::2] == "critical").all()


@SETTINGS
@given(bases=batch, result=st.sampled_from(["failed", "conditional", "none"]))
def test_a_worse_audit_never_lowers_the_score(default_rules, bases, result):
    pairs = [
        (
            {**b, "audit_result": "passed", "audit_date": "2025-10-01"},
            {**b, "audit_result": result, "audit_date": "2025-10-01"},
        )
        for b in bases
    ]
    results, _ = _pairs(default_rules, pairs)
    assert all(after >= before for before, after in results)


@SETTINGS
@given(bases=batch)
def test_removing_a_recent_passed_audit_never_lowers_the_score(default_rules, strict_rules, bases):
    pairs = [
        (
            {**b, "audit_result": "passed", "audit_date": "2025-10-01"},
            {**b, "audit_result": None, "audit_date": None},
        )
        for b in bases
    ]
    for rules in (default_rules, strict_rules):
        results, _ = _pairs(rules, pairs)
        assert all(after >= before for before, after in results)


@SETTINGS
@given(bases=batch)
def test_unknown_sector_never_scores_lower_than_a_known_one(default_rules, bases):
    pairs = [({**b, "sector": s}, {**b, "sector": None}) for b in bases for s in SECTORS[1:]]
    results, _ = _pairs(default_rules, pairs)
    assert all(unknown >= known for known, unknown in results)


@SETTINGS
@given(rows=st.lists(supplier, min_size=2, max_size=15), seed=st.randoms(use_true_random=False))
def test_scoring_is_independent_of_row_order(default_rules, rows, seed):
    frame = make_frame(rows)
    frame.index = pd.Index([f"r{i}" for i in range(len(rows))])
    shuffled = frame.loc[seed.sample(list(frame.index), len(frame))]
    a = score_frame(frame, default_rules, as_of=AS_OF)
    b = score_frame(shuffled, default_rules, as_of=AS_OF)
    pd.testing.assert_frame_equal(a.scores, b.scores.loc[a.scores.index])
    for idx in frame.index:
        assert a.hits_for(idx) == b.hits_for(idx)
