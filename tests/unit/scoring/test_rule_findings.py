"""Rule family 7: open findings per supplier."""

from __future__ import annotations

import pandas as pd
import pytest

from supplychain.domain.scoring import score_frame, supplier_key
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def _findings(rows):
    return pd.DataFrame(rows, columns=["supplier_key", "severity", "verified_closed"])


def test_open_critical_raises_and_verified_closure_removes(default_rules):
    frame = make_frame(
        [
            {"supplier_name": "A", "country": "DE", "supplier_id": "S1"},
            {"supplier_name": "B", "country": "DE"},
        ]
    )
    assert supplier_key(frame).tolist() == ["S1", "b|DE"]
    open_ = _findings(
        [["S1", "critical", False], ["S1", "minor", False], ["b|DE", "critical", True]]
    )
    res = score_frame(frame, default_rules, as_of=AS_OF, findings=open_)
    assert [(h["rule"], h["points"]) for h in hits_of(res, 0, "findings")] == [
        ("findings.critical", 15),
        ("findings.minor", 1),
    ]
    assert hits_of(res, 1, "findings") == []
    base = score_frame(frame, default_rules, as_of=AS_OF)
    assert res.scores.loc[0, "score"] == base.scores.loc[0, "score"] + 16
    assert res.scores.loc[1, "score"] == base.scores.loc[1, "score"]


def test_cap_and_validation(default_rules):
    frame = make_frame([{"supplier_name": "A", "country": "DE", "supplier_id": "S1"}])
    many = _findings([["S1", "critical", False]] * 4)
    res = score_frame(frame, default_rules, as_of=AS_OF, findings=many)
    assert sum(h["points"] for h in hits_of(res, 0, "findings")) == 30
    with pytest.raises(ValueError, match="unknown severities: urgent"):
        score_frame(
            frame, default_rules, as_of=AS_OF, findings=_findings([["S1", "urgent", False]])
        )
