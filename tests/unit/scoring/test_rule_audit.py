"""Rule family 6: audit status as of the scoring date."""

from __future__ import annotations

import pytest

from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def _audit(rules, result, when):
    frame = make_frame(
        [{"supplier_name": "A", "country": "DE", "audit_result": result, "audit_date": when}]
    )
    (hit,) = hits_of(score_frame(frame, rules, as_of=AS_OF), 0, "audit.")
    return hit


@pytest.mark.parametrize(
    ("result", "when", "rule", "points"),
    [
        ("passed", "2025-06-01", "audit.passed", 0),
        ("conditional", "2025-06-01", "audit.conditional", 6),
        ("failed", "2025-06-01", "audit.failed", 20),
        ("failed", "2019-06-01", "audit.failed", 20),
        ("none", None, "audit.none", 12),
        (None, None, "audit.unknown", 12),
        (None, "2025-06-01", "audit.unknown", 12),
        ("passed", "2023-06-01", "audit.expired", 12),
        ("passed", None, "audit.expired", 12),
        ("passed", "2026-06-01", "audit.expired", 12),
    ],
)
def test_statuses(default_rules, result, when, rule, points):
    hit = _audit(default_rules, result, when)
    assert (hit["rule"], hit["points"]) == (rule, points)


def test_strict_validity_is_shorter(default_rules, strict_rules):
    assert _audit(default_rules, "passed", "2024-09-01")["rule"] == "audit.passed"
    assert _audit(strict_rules, "passed", "2024-09-01")["rule"] == "audit.expired"


def test_unknown_never_scores_below_no_audit_or_recent_pass(default_rules, strict_rules):
    for rules in (default_rules, strict_rules):
        unknown = _audit(rules, None, None)["points"]
        assert (
            unknown
            >= _audit(rules, "none", None)["points"]
            >= _audit(rules, "passed", "2025-12-01")["points"]
        )
