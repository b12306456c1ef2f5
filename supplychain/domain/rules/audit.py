"""Rule family 6: social-audit status as of the scoring date.

Statuses: ``passed`` / ``conditional`` / ``failed`` (recent), ``expired`` (older than the rule set's
``validity_months``, or undated, or dated after the as-of date), ``none`` (no audit) and ``unknown``
(no audit result given). An expired failure keeps the failed points. The rule set guarantees
``unknown >= none >= passed`` and ``expired >= none``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import ScoringContext, as_text, make_hits, per_key
from supplychain.domain.ruleset import LoadedRuleSet

STATUSES = ("passed", "conditional", "failed", "expired", "none", "unknown")
SOURCE = "Supplier data: audit_result, audit_date, audit_standard"


def statuses(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.Series:
    """The audit status of each supplier (see module doc)."""
    months = int(rules.params["audit"]["validity_months"])
    as_of = pd.Timestamp(ctx.as_of)
    cutoff = as_of - pd.DateOffset(months=months)
    result = work["audit_result"].astype("str").fillna("unknown")
    dated = pd.to_datetime(work["audit_date"])
    stale = dated.isna() | (dated < cutoff) | (dated > as_of)
    audited = result.isin(["passed", "conditional", "failed"])
    status = np.where(audited & stale & (result != "failed"), "expired", result)
    status = np.where(result.isin(["passed", "conditional", "failed", "none"]), status, "unknown")
    return pd.Series(status, index=work.index, dtype="str")


def _reasons(unique: pd.DataFrame, months: int, as_of: str) -> pd.DataFrame:
    status, result = unique["status"].astype("str"), unique["result"].astype("str").fillna("")
    when = pd.to_datetime(unique["date"]).dt.strftime("%Y-%m-%d").fillna("no date")
    standard = unique["standard"].astype("str").fillna("standard not given")
    texts = {
        "passed": "Audit passed on " + when + " (" + standard + f"), within {months} months",
        "conditional": "Audit passed with conditions on " + when + " (" + standard + ")",
        "failed": "Audit failed (" + when + ", " + standard + ")",
        "expired": "Audit result '"
        + result
        + "' of "
        + when
        + " is not valid: older than "
        + f"{months} months, undated or after the scoring date {as_of}; scored as no audit",
        "none": pd.Series("No social audit on record", index=unique.index),
        "unknown": pd.Series("Audit status unknown; scored at least as 'no audit'", unique.index),
    }
    reason = pd.Series("", index=unique.index, dtype="str")
    for name, text in texts.items():
        reason = reason.where(status != name, text)
    return pd.DataFrame({"reason": as_text(reason)})


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier describing its audit status."""
    p = rules.params["audit"]
    months = int(p["validity_months"])
    status = statuses(work, rules, ctx)
    facts = pd.DataFrame(
        {
            "status": status.to_numpy(),
            "date": pd.to_datetime(work["audit_date"]).to_numpy(),
            "standard": work["audit_standard"].to_numpy(),
            "result": work["audit_result"].to_numpy(),
        }
    )
    facts = per_key(
        facts, list(facts.columns), lambda u: _reasons(u, months, ctx.as_of.isoformat())
    )
    points = status.map({k: float(v) for k, v in p["points"].items()}).astype("float64")
    rule = status.map({name: f"audit.{name}" for name in STATUSES})
    return make_hits(work.index.to_numpy(), rule, points, facts["reason"], SOURCE)
