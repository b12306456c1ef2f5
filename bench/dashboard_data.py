"""Bulk-load a dashboard-sized company for bench_dashboards.py: suppliers, their latest records,
three uploads of assessments and some remediation, with Core executemany (SQLite) or COPY
(PostgreSQL). Distributions roughly follow sample_data.generate (vectorised with numpy)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection

from supplychain.db.models import (
    Assessment,
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
    Supplier,
    SupplierRecord,
    Upload,
)
from supplychain.services import ruleset_snapshots

NO_FILES = ruleset_snapshots.files_digest({})  # the assessments here read no rule files
COUNTRIES = [
    "CN",
    "IN",
    "VN",
    "BD",
    "TR",
    "MY",
    "TH",
    "ID",
    "PK",
    "MX",
    "BR",
    "US",
    "DE",
    "IT",
    "PL",
    "KH",
    "LK",
    "PH",
    "ET",
    "MA",
    "EG",
    "KR",
    "TW",
    "JP",
    "PT",
    "RO",
    "GB",
    "ES",
]
COUNTRY_P = np.array(
    [30, 12, 9, 6, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]
)
SECTORS = [
    "apparel_textiles",
    "electronics",
    "agriculture",
    "footwear_leather",
    "food_processing",
    "solar_polysilicon",
    "rubber_gloves",
    "fishing_seafood",
    "mining_quarrying",
    "toys",
    "furniture",
    "chemicals_plastics",
    "packaging_paper",
    "services",
    None,
]
GOODS = [
    "Garments",
    "Textiles",
    "Cotton",
    "Thread/Yarn",
    "Electronics",
    "Footwear",
    "Gloves",
    "Fish",
    "Shrimp",
    "Cocoa",
    "Coffee",
    "Polysilicon",
    "Bricks",
    "Rubber",
    "Toys",
    "Furniture",
    "Printed circuit boards",
    "Lithium-Ion Batteries",
    "Sugarcane",
    "Palm Oil",
]
TIERS = np.array(["low", "medium", "high", "critical"])
UPLOAD_DATES = [
    datetime(2026, 1, 10, tzinfo=UTC),
    datetime(2026, 5, 4, tzinfo=UTC),
    datetime(2026, 9, 21, tzinfo=UTC),
]


def load_company(conn: Connection, company_id: int, n: int, id_base: int, seed: int) -> None:
    """``n`` suppliers of one company; ids start after ``id_base`` in every table."""
    rng = np.random.default_rng(seed)
    uploads = [id_base + i + 1 for i in range(len(UPLOAD_DATES))]
    _copy(
        conn,
        Upload.__table__,
        [
            _upload(company_id, uid, when, n)
            for uid, when in zip(uploads, UPLOAD_DATES, strict=True)
        ],
    )
    ids = np.arange(id_base + 1, id_base + n + 1)
    score = np.clip(rng.gamma(2.2, 18, n), 0, 100).round(1)
    tier = TIERS[np.searchsorted([25, 50, 75], score, side="right")]
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P / COUNTRY_P.sum())
    sector = rng.choice(np.array(SECTORS, dtype=object), n)
    chain = rng.choice([1, 2, 3, 4, None], n, p=[0.5, 0.25, 0.12, 0.05, 0.08])
    spend = np.where(rng.random(n) < 0.8, rng.lognormal(11.5, 1.6, n).round(2), np.nan)
    currency = np.where(rng.random(n) < 0.7, "USD", "EUR")
    audited = rng.random(n) < 0.7
    audit_days = rng.integers(0, 4 * 365, n)
    goods = [
        "; ".join(rng.choice(GOODS, k, replace=False)) if k else None
        for k in rng.choice([0, 1, 2, 3], n, p=[0.1, 0.5, 0.3, 0.1])
    ]
    columns = {
        "id": ids,
        "score": score,
        "tier": tier,
        "country": country,
        "sector": sector,
        "chain": chain,
        "spend": spend,
        "currency": currency,
        "goods": goods,
        "audit": [
            date(2026, 11, 1) - timedelta(days=int(d)) if a else None
            for a, d in zip(audited, audit_days, strict=True)
        ],
        "confidence": rng.uniform(0.3, 1.0, n).round(2),
    }
    _copy(conn, Supplier.__table__, _suppliers(company_id, columns, uploads[-1]))
    _copy(conn, SupplierRecord.__table__, _records(company_id, columns, uploads[-1]))
    ruleset_snapshots.record(conn, {})
    for number, upload in enumerate(uploads):
        present = ids[: int(n * (0.8 + 0.1 * number))]
        _copy(
            conn,
            Assessment.__table__,
            _assessments(company_id, columns, upload, present, number, n),
        )
    _remediation(conn, company_id, ids, id_base, rng)


def _upload(company_id: int, upload_id: int, when: datetime, n: int) -> dict[str, Any]:
    return {
        "id": upload_id,
        "company_id": company_id,
        "file_name": f"suppliers-{upload_id}.xlsx",
        "sha256": f"{upload_id:064d}",
        "stored_path": "/dev/null",
        "size_bytes": 0,
        "created_at": when,
        "status": "done",
        "strict": False,
        "rows_total": n,
        "rows_valid": n,
        "rows_invalid": 0,
        "rows_imported": n,
        "warnings_count": 0,
        "completed_at": when,
    }


def _suppliers(company_id: int, c: dict[str, Any], upload: int) -> list[dict[str, Any]]:
    now = UPLOAD_DATES[-1]
    return [
        {
            "id": int(i),
            "company_id": company_id,
            "key": f"S{int(i):09d}",
            "supplier_ref": f"S{int(i):09d}",
            "name": f"Supplier {int(i)} Manufacturing Co. Ltd",
            "country": str(c["country"][k]),
            "sector": c["sector"][k],
            "chain_tier": c["chain"][k],
            "annual_spend": None if np.isnan(c["spend"][k]) else float(c["spend"][k]),
            "currency": str(c["currency"][k]),
            "audit_date": c["audit"][k],
            "audit_result": "passed" if c["audit"][k] else None,
            "score": float(c["score"][k]),
            "risk_tier": str(c["tier"][k]),
            "confidence": float(c["confidence"][k]),
            "latest_record_id": int(i),
            "latest_assessment_id": _assessment_id(int(i), 2, len(c["id"]), int(c["id"][0]) - 1),
            "first_seen_at": now,
            "updated_at": now,
        }
        for k, i in enumerate(c["id"])
    ]


def _records(company_id: int, c: dict[str, Any], upload: int) -> list[dict[str, Any]]:
    return [
        {
            "id": int(i),
            "company_id": company_id,
            "supplier_id": int(i),
            "upload_id": upload,
            "row_number": k + 2,
            "name": f"Supplier {int(i)} Manufacturing Co. Ltd",
            "country": str(c["country"][k]),
            "sector": c["sector"][k],
            "goods": c["goods"][k],
            "chain_tier": c["chain"][k],
            "currency": str(c["currency"][k]),
            "audit_date": c["audit"][k],
        }
        for k, i in enumerate(c["id"])
    ]


def _assessment_id(supplier_id: int, number: int, n: int, base: int) -> int:
    return base * 3 + number * n + (supplier_id - base)


def _assessments(
    company_id: int, c: dict[str, Any], upload: int, present: np.ndarray, number: int, n: int
) -> list[dict[str, Any]]:
    base = int(c["id"][0]) - 1
    when = UPLOAD_DATES[number]
    drift = np.clip(c["score"][: len(present)] - 6 * (2 - number), 0, 100)
    tiers = TIERS[np.searchsorted([25, 50, 75], drift, side="right")]
    return [
        {
            "id": _assessment_id(int(i), number, n, base),
            "company_id": company_id,
            "supplier_id": int(i),
            "record_id": int(i) if number == 2 else None,
            "upload_id": upload,
            "score": float(drift[k]),
            "tier": str(tiers[k]),
            "confidence": 0.8,
            "ruleset_id": "default",
            "ruleset_version": "2026.1",
            "ruleset_sha256": "0" * 64,
            "snapshot_sha256": NO_FILES,
            "as_of": when,
            "assessed_at": when,
        }
        for k, i in enumerate(present)
    ]


def _remediation(
    conn: Connection, company_id: int, ids: np.ndarray, base: int, rng: np.random.Generator
) -> None:
    """A finding on 2% of suppliers, two actions each, indicators and some remedy."""
    chosen = rng.choice(ids, max(1, len(ids) // 50), replace=False)
    findings = [
        {
            "id": base + k + 1,
            "company_id": company_id,
            "supplier_id": int(s),
            "title": "Finding",
            "description": "",
            "severity": "major",
            "source_type": "audit",
            "source_ref": "",
            "status": "open" if k % 3 else "closed",
            "created_at": UPLOAD_DATES[1],
            "updated_at": UPLOAD_DATES[1],
        }
        for k, s in enumerate(chosen)
    ]
    _copy(conn, Finding.__table__, findings)
    _copy(
        conn,
        FindingIndicator.__table__,
        [
            {"finding_id": f["id"], "indicator_id": int(ind)}
            for f in findings
            for ind in {int(rng.integers(1, 12)), int(rng.integers(1, 12))}
        ],
    )
    statuses = ["open", "in_progress", "pending_verification", "verified_closed", "escalated"]
    _copy(
        conn,
        CorrectiveAction.__table__,
        [
            {
                "id": base * 2 + k * 2 + j + 1,
                "company_id": company_id,
                "finding_id": f["id"],
                "title": "Action",
                "description": "",
                "owner": f"owner{k % 40}@example.com",
                "due_date": date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 600))),
                "status": statuses[(k + j) % 5],
                "created_at": UPLOAD_DATES[0] + timedelta(days=k % 300),
                "updated_at": UPLOAD_DATES[1],
            }
            for k, f in enumerate(findings)
            for j in range(2)
        ],
    )
    _copy(
        conn,
        RemedyEntry.__table__,
        [
            {
                "id": f["id"],
                "company_id": company_id,
                "finding_id": f["id"],
                "supplier_id": f["supplier_id"],
                "kind": "wages" if k % 2 else "recruitment_fees",
                "workers_affected": 10 + k % 50,
                "amount_owed": 1000 + k,
                "amount_repaid": 500,
                "currency": "USD" if k % 3 else "EUR",
                "notes": "",
                "created_at": UPLOAD_DATES[1],
            }
            for k, f in enumerate(findings[: len(findings) // 2])
        ],
    )


def _copy(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY FROM STDIN; SQLite: one Core executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_pg(row[name]) for name in names])


def _pg(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict) else value


def reset_sequences(conn: Connection) -> None:
    """After COPY with explicit ids, move PostgreSQL's id sequences past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in (
        "uploads",
        "suppliers",
        "supplier_records",
        "assessments",
        "findings",
        "corrective_actions",
        "remedy_entries",
    ):
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
