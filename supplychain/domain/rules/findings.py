"""Rule family 7: open audit findings per supplier (optional frame).

The findings frame has ``supplier_key``, ``severity`` (critical / major / minor) and
``verified_closed`` (bool). Each open finding adds its severity's points; a verified closure removes
them. The family total is capped at ``max_points``.
"""

from __future__ import annotations

import pandas as pd

from supplychain.domain.rules.base import ScoringContext, cap_points, empty_hits, make_hits
from supplychain.domain.ruleset import LoadedRuleSet

SEVERITIES = ("critical", "major", "minor")
FINDINGS_COLUMNS = ("supplier_key", "severity", "verified_closed")


def _open_counts(findings: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in FINDINGS_COLUMNS if c not in findings.columns]
    if missing:
        raise ValueError(f"findings frame lacks columns: {', '.join(missing)}")
    severity = findings["severity"].astype("str").str.casefold()
    bad = sorted(set(severity.dropna()) - set(SEVERITIES))
    if bad:
        raise ValueError(f"findings frame has unknown severities: {', '.join(bad)}")
    closed = findings["verified_closed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    open_ = pd.DataFrame({"key": findings["supplier_key"].astype("str"), "severity": severity})
    return open_[~closed].groupby(["key", "severity"]).size().rename("n").reset_index()


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier and severity with open findings."""
    if ctx.findings is None or ctx.findings.empty:
        return empty_hits()
    p = rules.params["findings"]
    keys = pd.DataFrame({"pos": work.index, "key": ctx.keys.to_numpy()})
    found = keys.merge(_open_counts(ctx.findings), on="key", how="inner")
    found = found.sort_values(["pos", "severity"], kind="mergesort")
    per = found["severity"].map({k: float(v) for k, v in p["points"].items()})
    reason = (
        found["n"].astype("str")
        + " open "
        + found["severity"]
        + " finding(s) not verified closed ("
        + per.map("{:g}".format)
        + " points each)"
    )
    hits = make_hits(
        found["pos"],
        "findings." + found["severity"],
        per * found["n"],
        reason,
        "Findings register (supplier key " + found["key"] + ")",
    )
    return cap_points(hits, float(p["max_points"]))
