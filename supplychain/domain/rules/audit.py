"""Rule family 6: social-audit status as of the scoring date.

Statuses: ``passed`` / ``conditional`` / ``failed`` (recent), ``expired`` (older than the rule set's
``validity_months``, or undated, or dated after the as-of date), ``none`` (no audit) and ``unknown``
(no audit result given). An expired failure keeps the failed points. The rule set guarantees
``unknown >= none >= passed`` and ``expired >= none``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.domain.rules.base import ScoringContext, make_hits
from supplychain.domain.ruleset import LoadedRuleSet

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


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier describing its audit status."""
    p = rules.params["audit"]
    status = statuses(work, rules, ctx)
    date_text = pd.to_datetime(work["audit_date"]).dt.strftime("%Y-%m-%d").fillna("no date")
    standard = work["audit_standard"].astype("str").fillna("standard not given")
    months = int(p["validity_months"])
    texts = {
        "passed": "Audit passed on "
        + date_text
        + " ("
        + standard
        + "), within "
        + f"{months} months",
        "conditional": "Audit passed with conditions on " + date_text + " (" + standard + ")",
        "failed": "Audit failed (" + date_text + ", " + standard + ")",
        "expired": "Audit result '"
        + work["audit_result"].astype("str").fillna("")
        + "' of "
        + date_text
        + " is not valid: older than "
        + f"{months} months, undated or after the "
        + f"scoring date {ctx.as_of.isoformat()}; scored as no audit",
        "none": pd.Series("No social audit on record", index=work.index),
        "unknown": pd.Series(
            "Audit status unknown; scored at least as 'no audit'", index=work.index
        ),
    }
    reason = pd.Series("", index=work.index, dtype="str")
    for name, text in texts.items():
        reason = reason.where(status != name, text)
    points = status.map({k: float(v) for k, v in p["points"].items()}).astype("float64")
    return make_hits(work.index.to_numpy(), "audit." + status, points, reason, SOURCE)
