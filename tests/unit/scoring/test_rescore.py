"""Rescoring: comparing two results shows who changes tier and why."""

from __future__ import annotations

import pytest

from supplychain.domain.rescore import compare, summary
from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.golden import load_input


def test_strict_moves_suppliers_up_with_reasons(default_rules, strict_rules):
    frame = load_input()
    before = score_frame(frame, default_rules, as_of=AS_OF)
    after = score_frame(frame, strict_rules, as_of=AS_OF)
    changes = compare(before, after)
    assert not changes.empty and set(changes["direction"]) == {"up"}
    assert summary(changes) == {"up": len(changes), "down": 0}
    assert (changes["tier_before"] != changes["tier_after"]).all()
    g07 = frame.index[frame["supplier_id"] == "G07"][0]
    row = changes[changes["idx"] == g07].iloc[0]
    assert row["tier_before"] == "medium" and row["tier_after"] == "high"
    assert "rule set default 2026.1 -> strict 2026.1" in row["explanation"]


def test_reverse_comparison_and_rule_differences(default_rules, strict_rules):
    frame = load_input()
    strict = score_frame(frame, strict_rules, as_of=AS_OF)
    default = score_frame(frame, default_rules, as_of=AS_OF)
    changes = compare(strict, default)
    assert set(changes["direction"]) == {"down"}
    everything = compare(default, default, changed_only=False)
    assert len(everything) == len(frame) and set(everything["direction"]) == {"same"}
    assert everything["rules_added"].map(len).eq(0).all()


def test_audit_expiry_shows_as_added_rule(default_rules, strict_rules):
    frame = load_input()
    row = frame.index[frame["supplier_id"] == "G09"][0]
    before = score_frame(frame, default_rules, as_of=AS_OF)
    after = score_frame(frame, strict_rules, as_of=AS_OF.replace(year=2026, month=9))
    changes = compare(before, after, changed_only=False).set_index("idx")
    assert "audit.expired" in changes.loc[row, "rules_added"]


def test_different_suppliers_cannot_be_compared(default_rules):
    frame = load_input()
    a = score_frame(frame, default_rules, as_of=AS_OF)
    b = score_frame(frame.iloc[:5], default_rules, as_of=AS_OF)
    with pytest.raises(ValueError, match="same suppliers"):
        compare(a, b)
