"""The JSON report of `validate --json` and `score --json` (INTERFACES.md)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from supplychain.domain.scoring import ScoreResult
from supplychain.ingest.pipeline import IntakeResult


def intake_report(result: IntakeResult) -> dict[str, Any]:
    return result.report()


def score_report(result: IntakeResult, scored: ScoreResult) -> dict[str, Any]:
    report = result.report()
    report["summary"]["by_tier"] = scored.by_tier()
    report["ruleset"] = {
        "id": scored.ruleset.id,
        "version": scored.ruleset.version,
        "sha256": scored.ruleset.sha256,
    }
    frame, scores = result.frame, scored.scores
    hits = hits_by_index(scored)
    report["suppliers"] = [
        {
            "row": int(frame.at[idx, "row"]),
            "supplier_id": _text(frame.at[idx, "supplier_id"]),
            "name": str(frame.at[idx, "supplier_name"]),
            "country": str(frame.at[idx, "country"]),
            "score": float(scores.at[idx, "score"]),
            "tier": str(scores.at[idx, "tier"]),
            "confidence": float(scores.at[idx, "confidence"]),
            "hits": hits.get(idx, []),
        }
        for idx in frame.index
    ]
    return {
        key: report[key]
        for key in ("file", "columns", "summary", "ruleset", "suppliers", "errors", "warnings")
    }


def hits_by_index(scored: ScoreResult) -> dict[Any, list[dict[str, Any]]]:
    """Every supplier's hits, points descending then rule id, grouped in one pass."""
    hits = scored.hits.sort_values(
        ["idx", "points", "rule"], ascending=[True, False, True], kind="mergesort"
    )
    out: dict[Any, list[dict[str, Any]]] = {}
    for idx, rule, points, reason, source in zip(
        hits["idx"], hits["rule"], hits["points"], hits["reason"], hits["source"], strict=True
    ):
        out.setdefault(idx, []).append(
            {"rule": rule, "points": float(points), "reason": reason, "source": source}
        )
    return out


def rejected_report(name: str, sha256: str | None, reason: str) -> dict[str, Any]:
    return {"file": {"name": name, "sha256": sha256}, "rejected": reason}


def _text(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)
