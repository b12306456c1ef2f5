"""Re-score suppliers after a finding or action change, so the supplier's "why" shows it.

The canonical frame row is rebuilt from the supplier's latest SupplierRecord (the values its last
upload gave it), scored under the rule set of its latest assessment with the company's findings,
and stored as a new Assessment with its RuleHits. Everything runs in the caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.models import Assessment, Finding, Supplier, SupplierRecord
from supplychain.domain.fields import FIELD_NAMES, FIELDS_BY_NAME
from supplychain.domain.ruleset import LoadedRuleSet, load_ruleset
from supplychain.domain.scoring import score_frame, supplier_key
from supplychain.ingest.convert import typed
from supplychain.services import audit, supplier_store
from supplychain.services.imports import DEFAULT_RULESET, company_decisions

FROM_SUPPLIER = {  # frame column -> Supplier attribute, when a supplier has no record
    "supplier_name": "name",
    "country": "country",
    "supplier_id": "supplier_ref",
    "sector": "sector",
    "tier": "chain_tier",
    "annual_spend": "annual_spend",
    "currency": "currency",
    "audit_date": "audit_date",
    "audit_result": "audit_result",
}
T = TypeVar("T", Assessment, SupplierRecord)
MAX_CACHED_RULESETS = 4
_RULESETS: dict[tuple[Any, ...], LoadedRuleSet] = {}


def rescore(
    session: Session,
    settings: Settings,
    company_id: int,
    supplier_ids: Iterable[int],
    *,
    cause: str,
    today: date | None = None,
) -> dict[int, dict[str, Any]]:
    """Score the suppliers again with the company's findings; supplier id -> new score.

    One audit event records every change (a single supplier's id is its object id)."""
    suppliers = _suppliers(session, company_id, supplier_ids)
    if not suppliers:
        return {}
    as_of = today or utcnow().date()
    rulesets = _by_id(session, Assessment, [s.latest_assessment_id for s in suppliers])
    by_ruleset: dict[str, list[Supplier]] = defaultdict(list)
    for supplier in suppliers:
        latest = rulesets.get(supplier.latest_assessment_id)
        by_ruleset[latest.ruleset_id if latest else DEFAULT_RULESET].append(supplier)
    changes: list[dict[str, Any]] = []
    for ruleset_id, group in sorted(by_ruleset.items()):
        changes += _score_group(session, settings, company_id, group, ruleset_id, as_of)
    only = changes[0]["supplier_id"] if len(changes) == 1 else None
    audit.record(
        session,
        company_id,
        None,
        "supplier.rescored",
        "supplier",
        only,
        {"cause": cause, "changes": changes},
    )
    return {c["supplier_id"]: c for c in changes}


def _suppliers(session: Session, company_id: int, ids: Iterable[int]) -> list[Supplier]:
    wanted = sorted(set(ids))
    stmt = select(Supplier).where(Supplier.company_id == company_id, Supplier.id.in_(wanted))
    return list(session.scalars(stmt.order_by(Supplier.id)))


def _by_id(session: Session, model: type[T], ids: list[int | None]) -> dict[int, T]:
    """Rows of ``model`` by id, in one query."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(wanted)))}


def _score_group(
    session: Session,
    settings: Settings,
    company_id: int,
    suppliers: list[Supplier],
    ruleset_id: str,
    as_of: date,
) -> list[dict[str, Any]]:
    known = _by_id(session, SupplierRecord, [s.latest_record_id for s in suppliers])
    records = [known.get(s.latest_record_id) for s in suppliers]
    frame = canonical_frame(suppliers, records)
    keys = supplier_key(frame)
    findings = findings_frame(
        session, company_id, dict(zip([s.id for s in suppliers], keys, strict=True))
    )
    scored = score_frame(
        frame,
        _ruleset(ruleset_id, settings),
        as_of=as_of,
        decisions=company_decisions(session, company_id),
        findings=findings,
    )
    ids = [s.id for s in suppliers]
    record_ids = [r.id if r else None for r in records]
    before = [(s.score, s.risk_tier) for s in suppliers]
    assessment_ids = supplier_store.insert_assessments(
        session, company_id, None, ids, record_ids, scored.scores, scored.ruleset, as_of
    )
    supplier_store.insert_hits(
        session, scored.hits, dict(zip(frame.index, assessment_ids, strict=True))
    )
    supplier_store.update_current(session, ids, record_ids, assessment_ids, None, scored.scores)
    ruleset = f"{scored.ruleset.id}@{scored.ruleset.version}"
    return [
        {
            "supplier_id": sid,
            "score": float(scored.scores["score"].iat[i]),
            "tier": str(scored.scores["tier"].iat[i]),
            "previous_score": before[i][0],
            "previous_tier": before[i][1],
            "assessment_id": assessment_ids[i],
            "ruleset": ruleset,
        }
        for i, sid in enumerate(ids)
    ]


def canonical_frame(
    suppliers: list[Supplier], records: list[SupplierRecord | None]
) -> pd.DataFrame:
    """The contract frame (docs/contracts.md) of these suppliers' latest values."""
    columns: dict[str, Any] = {}
    for name in FIELD_NAMES:
        # a Series keeps equal-length goods tuples as values (np.array would make them a 2-D grid)
        raw = pd.Series(
            [_value(s, r, name) for s, r in zip(suppliers, records, strict=True)], dtype=object
        ).to_numpy()
        columns[name] = typed(raw, FIELDS_BY_NAME[name].kind)
    frame = pd.DataFrame(columns)
    frame["row"] = pd.array([r.row_number if r else 0 for r in records], dtype="int64")
    extra = np.empty(len(records), dtype=object)
    extra[:] = [(r.extra if r else None) or {} for r in records]
    frame["extra"] = extra
    return frame


def _value(supplier: Supplier, record: SupplierRecord | None, name: str) -> Any:
    if record is not None:
        value = getattr(record, supplier_store.RECORD_COLUMNS[name])
    else:
        attr = FROM_SUPPLIER.get(name)
        value = getattr(supplier, attr) if attr else None
    if name == "goods":
        return tuple(g for g in (value or "").split("; ") if g)
    return value


def findings_frame(session: Session, company_id: int, keys: dict[int, str]) -> pd.DataFrame:
    """The scoring core's findings input for these suppliers (id -> supplier key)."""
    stmt = select(Finding.supplier_id, Finding.severity, Finding.status).where(
        Finding.company_id == company_id, Finding.supplier_id.in_(list(keys))
    )
    rows = session.execute(stmt.order_by(Finding.id)).all()
    return pd.DataFrame(
        {
            "supplier_key": pd.Series([keys[r[0]] for r in rows], dtype="str"),
            "severity": pd.Series([r[1] for r in rows], dtype="str"),
            "verified_closed": pd.Series([r[2] == "closed" for r in rows], dtype=bool),
        }
    )


def _ruleset(ruleset_id: str, settings: Settings) -> LoadedRuleSet:
    """Loading a rule set reads every reference table (~0.7 s): keep it per process, keyed on
    the stored editions so a newly imported edition is picked up."""
    store = settings.reference_store_dir
    key = (ruleset_id, settings.rules_dir, store, _fingerprint(store))
    if key not in _RULESETS:
        if len(_RULESETS) >= MAX_CACHED_RULESETS:
            _RULESETS.clear()
        _RULESETS[key] = load_ruleset(ruleset_id, settings.rules_dir, store)
    return _RULESETS[key]


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        return ()
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )
