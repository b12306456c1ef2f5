"""score_frame: API shape, determinism, tiers, confidence and provenance."""

from __future__ import annotations

import pandas as pd
import pytest

from supplychain.domain.scoring import EntityDecision, score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.golden import load_findings, load_input


@pytest.fixture(scope="module")
def golden_frame() -> pd.DataFrame:
    frame = load_input()
    frame.index = pd.Index([f"row-{r}" for r in frame["row"]], name="key")
    return frame


def test_result_shape_and_index(default_rules, golden_frame):
    res = score_frame(golden_frame, default_rules, as_of=AS_OF)
    assert res.scores.index.equals(golden_frame.index)
    assert list(res.scores.columns) == ["score", "tier", "confidence"]
    assert res.scores["score"].between(0, 100).all()
    assert res.scores["confidence"].between(0, 1).all()
    assert (res.scores["score"] == res.scores["score"].round(1)).all()
    assert set(res.scores["tier"]) <= {"low", "medium", "high", "critical"}
    assert {"idx", "rule", "points", "reason", "source", "entity", "similarity", "edition"} <= set(
        res.hits.columns
    )
    assert set(res.hits["idx"]) <= set(golden_frame.index)
    assert res.hits["reason"].str.len().gt(10).all() and res.hits["source"].str.len().gt(10).all()
    assert res.ruleset.id == "default" and res.ruleset.files


def test_score_is_the_capped_sum_of_hit_points(default_rules, golden_frame):
    res = score_frame(golden_frame, default_rules, as_of=AS_OF)
    total = res.hits.groupby("idx")["points"].sum().reindex(golden_frame.index, fill_value=0)
    assert (res.scores["score"] == total.clip(upper=100).round(1)).all()


def test_hits_for_orders_by_points_then_rule(default_rules, golden_frame):
    res = score_frame(golden_frame, default_rules, as_of=AS_OF)
    for idx in golden_frame.index:
        hits = res.hits_for(idx)
        keys = [(-h["points"], h["rule"]) for h in hits]
        assert keys == sorted(keys)
        assert all(set(h) == {"rule", "points", "reason", "source"} for h in hits)


def test_same_inputs_give_identical_results(default_rules, golden_frame):
    findings = load_findings()
    a = score_frame(golden_frame, default_rules, as_of=AS_OF, findings=findings)
    b = score_frame(golden_frame.copy(), default_rules, as_of=AS_OF, findings=findings)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    pd.testing.assert_frame_equal(a.hits, b.hits)


def test_tiers_follow_thresholds_unless_forced_critical(default_rules, golden_frame):
    res = score_frame(golden_frame, default_rules, as_of=AS_OF)
    t = default_rules.params["tiers"]
    forced = set(res.hits.loc[res.hits["critical"], "idx"])
    for idx, row in res.scores.iterrows():
        if idx in forced:
            assert row["tier"] == "critical"
            continue
        s = row["score"]
        expected = (
            "critical"
            if s >= t["critical"]
            else "high"
            if s >= t["high"]
            else "medium"
            if s >= t["medium"]
            else "low"
        )
        assert row["tier"] == expected


def test_as_of_date_changes_audit_validity_only_through_the_argument(default_rules, golden_frame):
    early = score_frame(golden_frame, default_rules, as_of=pd.Timestamp("2024-01-01").date())
    late = score_frame(golden_frame, default_rules, as_of=AS_OF)
    row = golden_frame.index[golden_frame["supplier_id"] == "G11"][0]
    assert "audit.passed" in [h["rule"] for h in early.hits_for(row)]
    assert "audit.expired" in [h["rule"] for h in late.hits_for(row)]


def test_bad_decision_status_is_rejected(default_rules, golden_frame):
    bad = EntityDecision("G01", "x", "e", "maybe", "r", "u")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="confirmed or dismissed"):
        score_frame(golden_frame, default_rules, as_of=AS_OF, decisions=[bad])


def test_empty_frame_scores_to_empty_results(default_rules, golden_frame):
    res = score_frame(golden_frame.iloc[0:0], default_rules, as_of=AS_OF)
    assert res.scores.empty and res.hits.empty
    assert res.by_tier() == {"low": 0, "medium": 0, "high": 0, "critical": 0}
