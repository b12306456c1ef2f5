"""Write an upload's valid rows and their scores in bulk: suppliers, records, assessments, hits.

Everything here runs inside the caller's transaction; nothing commits on its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import Assessment, RuleHit, Supplier, SupplierRecord
from supplychain.services import bulk, ruleset_snapshots

# Bulk writes go through services.bulk (ids allocated first, COPY / executemany, no RETURNING).
SUPPLIERS = Supplier.__table__
RECORDS = SupplierRecord.__table__
ASSESSMENTS = Assessment.__table__
HITS = RuleHit.__table__
RECORD_COLUMNS = {  # frame column -> SupplierRecord attribute
    "supplier_name": "name",
    "country": "country",
    "supplier_id": "supplier_ref",
    "address": "address",
    "city": "city",
    "region": "region",
    "sector": "sector",
    "goods": "goods",
    "tier": "chain_tier",
    "parent_company": "parent_company",
    "workers": "workers",
    "migrant_workers_pct": "migrant_workers_pct",
    "annual_spend": "annual_spend",
    "currency": "currency",
    "audit_date": "audit_date",
    "audit_result": "audit_result",
    "audit_standard": "audit_standard",
    "certifications": "certifications",
    "website": "website",
    "notes": "notes",
}
GOODS_SEPARATOR = "; "


def record_columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """The frame's record values column by column as plain Python values (NA -> None),
    keyed by SupplierRecord attribute: goods joined to text, timestamps as dates."""
    out = {
        attr: frame[field].to_numpy(dtype=object, na_value=None).tolist()
        for field, attr in RECORD_COLUMNS.items()
        if field not in ("goods", "audit_date")
    }
    out["goods"] = [GOODS_SEPARATOR.join(g) if g else None for g in frame["goods"]]
    out["audit_date"] = [None if d is pd.NaT else d for d in frame["audit_date"].dt.date]
    out["extra"] = [extra or None for extra in frame["extra"]]
    return out


TEXT_FIELDS = (
    "supplier_name",
    "country",
    "supplier_id",
    "address",
    "city",
    "region",
    "sector",
    "parent_company",
    "currency",
    "audit_result",
    "audit_standard",
    "certifications",
    "website",
    "notes",
)


def frame_from_records(records: list[SupplierRecord]) -> pd.DataFrame:
    """Rebuild the canonical frame (docs/contracts.md) from stored records, to score again.
    The index is the record id."""
    data = {field: [getattr(r, attr) for r in records] for field, attr in RECORD_COLUMNS.items()}
    frame = pd.DataFrame(data, index=pd.Index([r.id for r in records], name="record_id"))
    for field in TEXT_FIELDS:
        frame[field] = frame[field].astype("string")
    frame["goods"] = [tuple(g.split(GOODS_SEPARATOR)) if g else () for g in data["goods"]]
    frame["tier"] = frame["tier"].astype("Int64")
    frame["workers"] = frame["workers"].astype("Int64")
    for field in ("migrant_workers_pct", "annual_spend"):
        frame[field] = frame[field].astype("Float64")
    frame["audit_date"] = pd.to_datetime(frame["audit_date"]).astype("datetime64[ns]")
    frame["row"] = [r.row_number for r in records]
    frame["extra"] = [r.extra or {} for r in records]
    return frame


@dataclass(frozen=True)
class Stored:
    """What one import wrote."""

    rows: int
    suppliers: int
    hits: int


def store_import(
    session: Session,
    company_id: int,
    upload_id: int,
    frame: pd.DataFrame,
    keys: list[str],
    scored: Any,
    as_of: date,
) -> Stored:
    """Write an upload's valid rows: new suppliers, records, assessments, hits, and the newest
    values on every supplier (the last row of a supplier wins). Ids are allocated first, so
    new suppliers are written once, already pointing at their latest record and assessment."""
    session.flush()
    records = record_columns(frame)
    known = dict(
        session.execute(
            select(SUPPLIERS.c.key, SUPPLIERS.c.id).where(SUPPLIERS.c.company_id == company_id)
        ).all()
    )
    fresh = list(dict.fromkeys(key for key in keys if key not in known))
    ids = {
        **known,
        **dict(zip(fresh, bulk.allocate_ids(session, SUPPLIERS, len(fresh)), strict=True)),
    }
    supplier_ids = [ids[key] for key in keys]
    record_ids = bulk.allocate_ids(session, RECORDS, len(keys))
    assessment_ids = bulk.allocate_ids(session, ASSESSMENTS, len(keys))
    latest = _last_positions(supplier_ids)
    fresh_ids = {ids[key] for key in fresh}
    new = [sid for sid in latest if sid in fresh_ids]
    current = _current(new, latest, record_ids, assessment_ids, records, scored.scores)
    bulk.write_rows(
        session,
        SUPPLIERS,
        {"key": [keys[latest[s]] for s in new], **current},
        {"company_id": company_id},
    )
    bulk.write_rows(
        session,
        RECORDS,
        {
            "id": record_ids,
            "supplier_id": supplier_ids,
            "row_number": frame["row"].tolist(),
            **records,
        },
        {"company_id": company_id, "upload_id": upload_id},
    )
    insert_assessments(
        session,
        company_id,
        upload_id,
        supplier_ids,
        record_ids,
        scored.scores,
        scored.ruleset,
        as_of,
        assessment_ids,
    )
    hits = insert_hits(session, scored.hits, dict(zip(frame.index, assessment_ids, strict=True)))
    seen = [sid for sid in latest if sid not in fresh_ids]
    _update(session, _current(seen, latest, record_ids, assessment_ids, records, scored.scores))
    return Stored(len(keys), len(latest), hits)


def insert_assessments(
    session: Session,
    company_id: int,
    upload_id: int | None,
    supplier_ids: list[int],
    record_ids: list[int | None],
    scores: pd.DataFrame,
    ruleset: Any,
    as_of: date,
    ids: list[int] | None = None,
) -> list[int]:
    """One assessment per supplier; their ids (``ids`` when given, else newly allocated)."""
    session.flush()
    n = len(supplier_ids)
    ids = ids if ids is not None else bulk.allocate_ids(session, ASSESSMENTS, n)
    bulk.write_rows(
        session,
        ASSESSMENTS,
        {
            "id": ids,
            "supplier_id": supplier_ids,
            "record_id": record_ids,
            "score": scores["score"].astype(float).tolist(),
            "tier": scores["tier"].astype(object).tolist(),
            "confidence": scores["confidence"].astype(float).tolist(),
        },
        {
            "company_id": company_id,
            "upload_id": upload_id,
            "ruleset_id": ruleset.id,
            "ruleset_version": ruleset.version,
            "ruleset_sha256": ruleset.sha256,
            "snapshot_sha256": ruleset_snapshots.record(session, ruleset.files, ruleset.sources),
            "as_of": datetime(as_of.year, as_of.month, as_of.day, tzinfo=utcnow().tzinfo),
        },
    )
    return ids


HIT_COLUMNS = ("rule", "points", "reason", "source")
CURRENT_FIELDS = (  # record values copied onto the supplier
    "name",
    "country",
    "sector",
    "chain_tier",
    "annual_spend",
    "currency",
    "audit_date",
    "audit_result",
    "supplier_ref",
)


def insert_hits(session: Session, hits: pd.DataFrame, assessment_by_idx: dict[Any, int]) -> int:
    """Write the rule hits; everything besides rule, points, reason and source goes into
    ``detail`` (missing values left out)."""
    if hits.empty:
        return 0
    session.flush()
    return bulk.write_rows(
        session,
        HITS,
        {
            "assessment_id": [assessment_by_idx[idx] for idx in hits["idx"].tolist()],
            "rule": hits["rule"].tolist(),
            "points": hits["points"].astype(float).tolist(),
            "reason": hits["reason"].tolist(),
            "source": hits["source"].tolist(),
            "detail": _details(hits[[c for c in hits.columns if c not in (*HIT_COLUMNS, "idx")]]),
        },
        ready=("detail",),
    )


def _details(frame: pd.DataFrame) -> list[str | None]:
    """Each row's non-missing values as JSON text (``json.dumps`` of the dict), built from
    per-column fragments: each distinct value of a column is encoded once."""
    parts = [_fragments(name, frame[name]) for name in frame.columns]
    out: list[str | None] = []
    for row in zip(*parts, strict=True):
        present = [part for part in row if part is not None]
        out.append("{" + ", ".join(present) + "}" if present else None)
    return out


def _fragments(name: str, column: pd.Series) -> list[str | None]:
    """``"name": value`` as JSON for every non-missing value of the column, else None."""
    key = json.dumps(name) + ": "
    encoded: dict[Any, str] = {}
    out: list[str | None] = []
    for value in column.to_numpy(dtype=object, na_value=None).tolist():
        if value is None:
            out.append(None)
            continue
        text = encoded.get(value)
        if text is None:
            text = encoded[value] = key + json.dumps(_jsonable(value))
        out.append(text)
    return out


def update_current(
    session: Session,
    supplier_ids: list[int],
    record_ids: list[int | None],
    assessment_ids: list[int],
    records: dict[str, list[Any]] | None,
    scores: pd.DataFrame,
) -> None:
    """Copy the newest values and score onto each supplier (the last row wins in a file).
    ``records`` (from :func:`record_columns`) is None when only the score changed."""
    latest = _last_positions(supplier_ids)
    _update(session, _current(list(latest), latest, record_ids, assessment_ids, records, scores))


def _last_positions(supplier_ids: list[int]) -> dict[int, int]:
    """Supplier id -> position of its last row, in order of first appearance."""
    latest: dict[int, int] = {}
    for i, sid in enumerate(supplier_ids):
        latest[sid] = i
    return latest


def _current(
    sids: list[int],
    latest: dict[int, int],
    record_ids: list[int | None],
    assessment_ids: list[int],
    records: dict[str, list[Any]] | None,
    scores: pd.DataFrame,
) -> dict[str, list[Any]]:
    """The current-value columns of these suppliers, taken from each one's last row."""
    at = [latest[sid] for sid in sids]
    score = scores["score"].astype(float).tolist()
    tier = scores["tier"].astype(object).tolist()
    confidence = scores["confidence"].astype(float).tolist()
    out: dict[str, list[Any]] = {
        "id": sids,
        "latest_assessment_id": [assessment_ids[i] for i in at],
        "score": [score[i] for i in at],
        "risk_tier": [tier[i] for i in at],
        "confidence": [confidence[i] for i in at],
    }
    if records is not None:
        out.update({field: [records[field][i] for i in at] for field in CURRENT_FIELDS})
        out["latest_record_id"] = [record_ids[i] for i in at]
    return out


def _update(session: Session, columns: dict[str, list[Any]]) -> None:
    """Write these current values onto existing suppliers, stamping ``updated_at``."""
    bulk.update_rows(session, SUPPLIERS, columns, {"updated_at": utcnow()})


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
