"""Golden-file scoring: a committed CSV in the canonical contract, and its expected results.

Regenerate the expected file only on purpose (after reviewing every change) with
``python -m tests.unit.scoring.golden``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from supplychain.domain.ruleset import load_ruleset
from supplychain.domain.scoring import ScoreResult, score_frame
from tests.unit.scoring.frames import make_frame

GOLDEN = Path(__file__).resolve().parents[2] / "resources" / "golden"
INPUT = GOLDEN / "scoring_input.csv"
FINDINGS = GOLDEN / "scoring_findings.csv"
EXPECTED = GOLDEN / "scoring_expected.json"
AS_OF = date(2026, 1, 15)
RULESETS = ("default", "strict")


def load_input() -> pd.DataFrame:
    """The golden CSV as a canonical frame (goods split on ``;``, blanks as missing)."""
    raw = pd.read_csv(INPUT, dtype=str, keep_default_na=False, encoding="utf-8")
    rows: list[dict[str, Any]] = []
    for record in raw.drop(columns=["expect"]).to_dict("records"):
        row = {k: (v if v != "" else None) for k, v in record.items()}
        row["goods"] = tuple(g.strip() for g in (record["goods"] or "").split(";") if g.strip())
        rows.append(row)
    return make_frame(rows)


def load_findings() -> pd.DataFrame:
    findings = pd.read_csv(FINDINGS, dtype=str, keep_default_na=False)
    return findings.assign(verified_closed=findings["verified_closed"] == "true")


def summarise(frame: pd.DataFrame, result: ScoreResult) -> list[dict[str, Any]]:
    """Per row: supplier id, score, tier, confidence and the hit rule ids in report order."""
    return [
        {
            "supplier_id": frame.loc[idx, "supplier_id"],
            "score": float(result.scores.loc[idx, "score"]),
            "tier": result.scores.loc[idx, "tier"],
            "confidence": float(result.scores.loc[idx, "confidence"]),
            "hits": [h["rule"] for h in result.hits_for(idx)],
        }
        for idx in frame.index
    ]


def actual() -> dict[str, Any]:
    frame, findings = load_input(), load_findings()
    return {
        ruleset_id: summarise(
            frame, score_frame(frame, load_ruleset(ruleset_id), as_of=AS_OF, findings=findings)
        )
        for ruleset_id in RULESETS
    }


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps(actual(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
