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


def status_codes(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> np.ndarray:
    """Each supplier's audit status as an index into :data:`STATUSES` (see module doc).

    Computed on integer codes: the audit result is factorised once (a handful of distinct
    values), so no text is compared or built per supplier."""
    months = int(rules.params["audit"]["validity_months"])
    as_of = pd.Timestamp(ctx.as_of)
    cutoff = as_of - pd.DateOffset(months=months)
    codes, uniques = pd.factorize(work["audit_result"].astype("str"), use_na_sentinel=True)
    unknown = STATUSES.index("unknown")
    known = [STATUSES.index(u) if u in STATUSES[:3] or u == "none" else unknown for u in uniques]
    result = np.append(np.asarray(known, dtype="int64"), unknown)[codes]
    dated = pd.to_datetime(work["audit_date"])
    stale = (dated.isna() | (dated < cutoff) | (dated > as_of)).to_numpy(dtype=bool)
    expire = (result <= STATUSES.index("conditional")) & stale
    return np.where(expire, STATUSES.index("expired"), result)


def statuses(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.Series:
    """The audit status of each supplier (see module doc)."""
    names = np.asarray(STATUSES, dtype=object)[status_codes(work, rules, ctx)]
    return pd.Series(names, index=work.index, dtype="str")


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


def _decode(wanted: pd.Series, uniques: object) -> np.ndarray:
    """Factorised values back (code -1 is missing)."""
    values = np.append(np.asarray(uniques, dtype=object), None)
    return values[wanted.to_numpy()]


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One hit per supplier describing its audit status."""
    p = rules.params["audit"]
    months = int(p["validity_months"])
    codes = status_codes(work, rules, ctx)
    text = {name: pd.factorize(work[f"audit_{name}"]) for name in ("standard", "result")}
    facts = pd.DataFrame(  # integer codes: cheap to group on; decoded once per distinct fact
        {
            "status": codes,
            "date": pd.to_datetime(work["audit_date"]).to_numpy(),
            "standard": text["standard"][0],
            "result": text["result"][0],
        }
    )

    def reasons(unique: pd.DataFrame) -> pd.DataFrame:
        decoded = unique.assign(
            status=np.asarray(STATUSES, dtype=object)[unique["status"].to_numpy()],
            **{name: _decode(unique[name], text[name][1]) for name in text},
        )
        return _reasons(decoded, months, ctx.as_of.isoformat())

    facts = per_key(facts, list(facts.columns), reasons)
    points = np.asarray([float(p["points"][name]) for name in STATUSES])[codes]
    rule = np.asarray([f"audit.{name}" for name in STATUSES], dtype=object)[codes]
    return make_hits(work.index.to_numpy(), rule, points, facts["reason"], SOURCE)
