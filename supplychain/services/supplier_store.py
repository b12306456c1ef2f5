"""Write an upload's valid rows and their scores in bulk: suppliers, records, assessments, hits.

Everything here runs inside the caller's transaction; nothing commits on its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import Assessment, RuleHit, Supplier, SupplierRecord

# Bulk writes go through Core on the tables (executemany, RETURNING in parameter order): the ORM
# bulk path costs 3-5 times more per row and splits batches on missing values.
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


def plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as plain Python values: NA -> None, timestamps -> dates, goods -> text."""
    out = frame[list(RECORD_COLUMNS)].rename(columns=RECORD_COLUMNS)
    out = out.assign(
        goods=frame["goods"].map(lambda g: "; ".join(g) if g else None),
        audit_date=frame["audit_date"].dt.date,
    )
    out = out.astype(object).where(out.notna(), None)
    rows = out.to_dict("records")
    for row, extra in zip(rows, frame["extra"], strict=True):
        row["extra"] = extra or None
    return rows


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
    frame["goods"] = [tuple(g.split("; ")) if g else () for g in data["goods"]]
    frame["tier"] = frame["tier"].astype("Int64")
    frame["workers"] = frame["workers"].astype("Int64")
    for field in ("migrant_workers_pct", "annual_spend"):
        frame[field] = frame[field].astype("Float64")
    frame["audit_date"] = pd.to_datetime(frame["audit_date"]).astype("datetime64[ns]")
    frame["row"] = [r.row_number for r in records]
    frame["extra"] = [r.extra or {} for r in records]
    return frame


def upsert_suppliers(
    session: Session, company_id: int, keys: list[str], rows: list[dict[str, Any]]
) -> list[int]:
    """The supplier id of every row, creating suppliers seen for the first time."""
    known = dict(
        session.execute(
            select(Supplier.key, Supplier.id).where(Supplier.company_id == company_id)
        ).all()
    )
    fresh: dict[str, dict[str, Any]] = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in known and key not in fresh:
            fresh[key] = {
                "company_id": company_id,
                "key": key,
                "name": row["name"],
                "country": row["country"],
                "supplier_ref": row["supplier_ref"],
            }
    if fresh:
        created = session.execute(
            insert(SUPPLIERS).returning(
                SUPPLIERS.c.key, SUPPLIERS.c.id, sort_by_parameter_order=True
            ),
            list(fresh.values()),
        )
        known.update(dict(created.all()))
    return [known[key] for key in keys]


def insert_records(
    session: Session,
    company_id: int,
    upload_id: int,
    supplier_ids: list[int],
    row_numbers: list[int],
    rows: list[dict[str, Any]],
) -> list[int]:
    params = [
        {
            **row,
            "company_id": company_id,
            "upload_id": upload_id,
            "supplier_id": sid,
            "row_number": number,
        }
        for row, sid, number in zip(rows, supplier_ids, row_numbers, strict=True)
    ]
    result = session.execute(
        insert(RECORDS).returning(RECORDS.c.id, sort_by_parameter_order=True), params
    )
    return list(result.scalars())


def insert_assessments(
    session: Session,
    company_id: int,
    upload_id: int | None,
    supplier_ids: list[int],
    record_ids: list[int | None],
    scores: pd.DataFrame,
    ruleset: Any,
    as_of: date,
) -> list[int]:
    when = datetime(as_of.year, as_of.month, as_of.day, tzinfo=utcnow().tzinfo)
    common = {
        "company_id": company_id,
        "upload_id": upload_id,
        "ruleset_id": ruleset.id,
        "ruleset_version": ruleset.version,
        "ruleset_sha256": ruleset.sha256,
        "file_hashes": dict(ruleset.files),
        "as_of": when,
    }
    params = [
        {
            **common,
            "supplier_id": sid,
            "record_id": rid,
            "score": float(score),
            "tier": tier,
            "confidence": float(conf),
        }
        for sid, rid, score, tier, conf in zip(
            supplier_ids,
            record_ids,
            scores["score"],
            scores["tier"],
            scores["confidence"],
            strict=True,
        )
    ]
    result = session.execute(
        insert(ASSESSMENTS).returning(ASSESSMENTS.c.id, sort_by_parameter_order=True), params
    )
    return list(result.scalars())


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
    if hits.empty:
        return 0
    detail_cols = [c for c in hits.columns if c not in (*HIT_COLUMNS, "idx")]
    details = hits[detail_cols].astype(object).where(hits[detail_cols].notna(), None)
    params = [
        {
            "assessment_id": assessment_by_idx[idx],
            "rule": rule,
            "points": float(points),
            "reason": reason,
            "source": source,
            "detail": {k: _jsonable(v) for k, v in d.items() if v is not None} or None,
        }
        for idx, rule, points, reason, source, d in zip(
            hits["idx"],
            hits["rule"],
            hits["points"],
            hits["reason"],
            hits["source"],
            details.to_dict("records"),
            strict=True,
        )
    ]
    session.execute(insert(HITS), params)
    return len(params)


def update_current(
    session: Session,
    supplier_ids: list[int],
    record_ids: list[int | None],
    assessment_ids: list[int],
    rows: list[dict[str, Any]] | None,
    scores: pd.DataFrame,
) -> None:
    """Copy the newest values and score onto each supplier (the last row wins in a file)."""
    latest: dict[int, dict[str, Any]] = {}
    now = utcnow()
    columns = zip(
        supplier_ids,
        assessment_ids,
        scores["score"].tolist(),
        scores["tier"].tolist(),
        scores["confidence"].tolist(),
        strict=True,
    )
    for i, (sid, assessment_id, score, tier, confidence) in enumerate(columns):
        values = {
            "latest_assessment_id": assessment_id,
            "score": float(score),
            "risk_tier": tier,
            "confidence": float(confidence),
            "updated_at": now,
        }
        if rows is not None:
            values.update({field: rows[i][field] for field in CURRENT_FIELDS})
            values["latest_record_id"] = record_ids[i]
        latest[sid] = values
    if latest:
        first = next(iter(latest.values()))
        stmt = (
            update(SUPPLIERS)
            .where(SUPPLIERS.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in first})
        )
        params = [
            {"b_id": sid, **{f"b_{k}": v for k, v in values.items()}}
            for sid, values in latest.items()
        ]
        session.execute(stmt, params)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
