"""Score a company's current suppliers under another rule set and say who changes tier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select

from supplychain.db.base import utcnow
from supplychain.db.models import Supplier, SupplierRecord
from supplychain.domain import rescore
from supplychain.domain.ruleset import load_ruleset
from supplychain.domain.scoring import ScoreResult, score_frame
from supplychain.services import audit, supplier_store
from supplychain.services.errors import ServiceError
from supplychain.services.imports import DEFAULT_RULESET, company_decisions
from supplychain.services.jobs import JobContext


@dataclass
class RescoreOutcome:
    ruleset: str
    suppliers: int
    changes: list[dict[str, Any]]
    summary: dict[str, int]
    stored: bool


def rescore_company(
    ctx: JobContext,
    company_id: int,
    ruleset_id: str,
    *,
    store: bool = True,
    actor: Any = None,
    baseline: str = DEFAULT_RULESET,
) -> RescoreOutcome:
    """Compare the company's suppliers under ``baseline`` and ``ruleset_id``; with ``store``,
    the new scores become the suppliers' current assessments (audited)."""
    settings = ctx.settings
    with ctx.db.reading() as s:
        pairs = s.execute(
            select(Supplier.id, SupplierRecord)
            .join(SupplierRecord, SupplierRecord.id == Supplier.latest_record_id)
            .where(Supplier.company_id == company_id)
            .order_by(Supplier.id)
        ).all()
        decisions = company_decisions(s, company_id)
    if not pairs:
        raise ServiceError("The company has no imported suppliers to rescore.")
    frame = supplier_store.frame_from_records([record for _, record in pairs])
    as_of = utcnow().date()
    before, after = (
        score_frame(
            frame,
            load_ruleset(rid, settings.rules_dir, settings.reference_store_dir),
            as_of=as_of,
            decisions=decisions,
        )
        for rid in (baseline, ruleset_id)
    )
    changes = rescore.compare(before, after)
    if store:
        _store(ctx, company_id, [sid for sid, _ in pairs], frame, after, actor, changes)
    return RescoreOutcome(
        f"{after.ruleset.id}@{after.ruleset.version}",
        len(frame),
        _change_rows(changes, frame, pairs),
        rescore.summary(changes),
        store,
    )


def _store(
    ctx: JobContext,
    company_id: int,
    supplier_ids: list[int],
    frame: pd.DataFrame,
    after: ScoreResult,
    actor: Any,
    changes: pd.DataFrame,
) -> None:
    record_ids = [int(i) for i in frame.index]
    with ctx.db.transaction() as s:
        assessment_ids = supplier_store.insert_assessments(
            s,
            company_id,
            None,
            supplier_ids,
            record_ids,
            after.scores,
            after.ruleset,
            after.as_of or utcnow().date(),
        )
        supplier_store.insert_hits(
            s, after.hits, dict(zip(frame.index, assessment_ids, strict=True))
        )
        supplier_store.update_current(
            s, supplier_ids, record_ids, assessment_ids, None, after.scores
        )
        audit.record(
            s,
            company_id,
            actor,
            "suppliers.rescored",
            "ruleset",
            after.ruleset.id,
            {
                "ruleset": f"{after.ruleset.id}@{after.ruleset.version}",
                "ruleset_sha256": after.ruleset.sha256,
                "suppliers": len(supplier_ids),
                "tier_changes": len(changes),
            },
        )


def _change_rows(
    changes: pd.DataFrame, frame: pd.DataFrame, pairs: list[Any]
) -> list[dict[str, Any]]:
    supplier_of = {record.id: sid for sid, record in pairs}
    return [
        {
            "supplier_id": supplier_of[int(row.idx)],
            "name": str(frame.at[row.idx, "supplier_name"]),
            "country": str(frame.at[row.idx, "country"]),
            "tier_before": row.tier_before,
            "tier_after": row.tier_after,
            "score_before": float(row.score_before),
            "score_after": float(row.score_after),
            "why": row.explanation,
        }
        for row in changes.itertuples(index=False)
    ]
