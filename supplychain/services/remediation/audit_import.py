"""Import audit results (audits and their findings) from a spreadsheet, all or nothing.

The file is stored like any upload (generated name, SHA-256, once per company and content), read
and checked by ``supplychain.ingest.audits``, matched to the company's suppliers, and written in
one transaction together with the re-scoring of every supplier it touches. Default policy: the
valid rows are imported and the others reported; strict: nothing if any row is invalid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.engine import Database
from supplychain.db.models import Supplier, SupplierAudit, Upload, User
from supplychain.domain.entity_names import basic_normalise
from supplychain.ingest.audits import AuditRow, AuditSheet, group_audits, read_audits
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import Limits
from supplychain.services import audit, uploads
from supplychain.services.errors import Conflict
from supplychain.services.remediation import findings, indicators, rescore

KIND = "audits"  # marks the Upload rows of audit-results imports (in their report)


def import_audits(
    db: Database,
    settings: Settings,
    company_id: int,
    path: Path,
    file_name: str,
    user_id: int | None = None,
    *,
    strict: bool = False,
    sheet: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Import the file; returns ``{"upload_id", "status", "report"}`` (status: done, failed,
    rejected). The same file a second time returns the first import's outcome."""
    today = today or utcnow().date()
    with db.transaction() as s:
        actor = s.get(User, user_id) if user_id else None
        upload, created = uploads.register(
            s,
            company_id,
            actor,
            path,
            file_name,
            settings.upload_dir,
            strict=strict,
            sheet=sheet,
            status="processing",
        )
        if not created:
            if (upload.report or {}).get("kind") != KIND:
                raise Conflict(
                    f"{file_name}: this file was already uploaded as upload {upload.id} and is "
                    "not an audit-results import (or is being imported now)."
                )
            if upload.status == "done":
                return outcome(upload) | {"already_imported": True}
        upload_id, stored, label = upload.id, Path(upload.stored_path), upload.file_name
    try:
        with db.reading() as s:
            matcher = supplier_matcher(s, company_id)
        sheet_read = read_audits(
            stored,
            name=label,
            sheet=sheet,
            today=today,
            indicators=indicators.lookup(settings.rules_dir),
            match_supplier=matcher,
            limits=Limits(max_bytes=settings.max_upload_bytes),
        )
    except FileRejected as exc:
        report = {"kind": KIND, "file": {"name": label}, "rejected": exc.reason}
        return _finish(db, upload_id, "rejected", report, exc.reason, actor_id=user_id)
    report = {"kind": KIND, **sheet_read.report()}
    if strict and sheet_read.invalid_rows:
        reason = (
            f"Strict import refused: {len(sheet_read.invalid_rows)} of {sheet_read.rows} "
            f"rows are invalid in {label}; nothing was imported."
        )
        return _finish(db, upload_id, "failed", report, reason, actor_id=user_id)
    if not sheet_read.records:
        reason = f"No valid audit rows in {label}; nothing was imported."
        return _finish(db, upload_id, "failed", report, reason, actor_id=user_id)
    try:
        with db.transaction() as s:
            return _store(s, settings, s.get(Upload, upload_id), sheet_read, user_id, today)
    except Exception:
        _finish(
            db,
            upload_id,
            "failed",
            report,
            "The import stopped on an internal error; nothing was imported.",
            actor_id=user_id,
        )
        raise


def supplier_matcher(s: Session, company_id: int) -> Callable[[Any, Any, Any], int | str]:
    """Match a row to one of the company's suppliers by ID, or by name and country."""
    rows = s.execute(
        select(
            Supplier.id, Supplier.supplier_ref, Supplier.key, Supplier.name, Supplier.country
        ).where(Supplier.company_id == company_id)
    ).all()
    by_ref: dict[str, set[int]] = {}
    for sid, ref, key, _, _ in rows:
        for ident in {ref, key} - {None}:
            by_ref.setdefault(ident, set()).add(sid)
    names = basic_normalise(pd.Series([r[3] for r in rows], dtype="str")).tolist()
    by_name: dict[tuple[str, str], set[int]] = {}
    for (sid, *_, country), name in zip(rows, names, strict=True):
        by_name.setdefault((name, country), set()).add(sid)

    normalised: dict[str, str] = {}

    def match(ref: Any, name: Any, country: Any) -> int | str:
        if ref is not None:
            found = by_ref.get(str(ref), set())
            return _one(found, f"supplier ID {ref!r}")
        if name is None or country is None:
            return "name the supplier: a Supplier ID, or a Supplier name and a Country"
        if name not in normalised:  # the same supplier recurs on many rows
            normalised[name] = basic_normalise(pd.Series([name], dtype="str")).iat[0]
        found = by_name.get((normalised[name], country), set())
        return _one(found, f"supplier {name!r} in {country}")

    return match


def _one(found: set[int], what: str) -> int | str:
    if len(found) == 1:
        return next(iter(found))
    if found:
        return f"{what} matches {len(found)} suppliers; give the Supplier ID"
    return f"unknown {what}: not among the company's suppliers (import the supplier list first)"


def _store(
    s: Session,
    settings: Settings,
    upload: Upload,
    sheet_read: AuditSheet,
    user_id: int | None,
    today: date,
) -> dict[str, Any]:
    """Write every audit and finding in bulk, re-score the suppliers, record one event."""
    actor = s.get(User, user_id) if user_id else None
    audits = group_audits(sheet_read.records)
    audit_ids = _insert_audits(s, upload, audits)
    new = [
        _new_finding(upload, row, rows[0], audit_id)
        for rows, audit_id in zip(audits, audit_ids, strict=True)
        for row in rows
        if row.finding
    ]
    finding_ids = findings.insert_many(s, upload.company_id, actor, new)
    touched = sorted({rows[0].supplier for rows in audits})
    rescore.rescore(
        s, settings, upload.company_id, touched, cause=f"audit import {upload.id}", today=today
    )
    report = {"kind": KIND, **sheet_read.report()}
    report["summary"] |= {"audits": len(audits), "findings": len(new), "suppliers": len(touched)}
    upload.report, upload.status, upload.completed_at = report, "done", utcnow()
    upload.format, upload.sheet = sheet_read.file.format, sheet_read.file.sheet
    upload.header_row = sheet_read.file.header_row
    upload.rows_total, upload.rows_invalid = sheet_read.rows, len(sheet_read.invalid_rows)
    upload.rows_valid = upload.rows_imported = len(sheet_read.records)
    upload.warnings_count = len(sheet_read.warnings)
    details = {**report["summary"], "audit_ids": audit_ids, "finding_ids": finding_ids}
    audit.record(
        s, upload.company_id, actor or "cli", "audits.imported", "upload", upload.id, details
    )
    return outcome(upload)


def _insert_audits(s: Session, upload: Upload, audits: list[list[AuditRow]]) -> list[int]:
    params = [
        {
            "company_id": upload.company_id,
            "supplier_id": rows[0].supplier,
            "upload_id": upload.id,
            "row_number": rows[0].row,
            "audit_date": rows[0].audit_date,
            "standard": rows[0].standard,
            "result": rows[0].result,
            "auditor": rows[0].auditor,
            "reference": rows[0].reference,
        }
        for rows in audits
    ]
    stmt = insert(SupplierAudit).returning(SupplierAudit.id, sort_by_parameter_order=True)
    return list(s.execute(stmt, params).scalars())


def _new_finding(
    upload: Upload, row: AuditRow, first: AuditRow, audit_id: int
) -> findings.NewFinding:
    where = f"{upload.file_name}, row {row.row}"
    return findings.NewFinding(
        row.supplier,
        row.finding.title,
        row.finding.severity,
        list(row.finding.indicators),
        row.finding.description,
        "audit",
        f"{where}; audit {first.reference}" if first.reference else where,
        first.audit_date,
        audit_id,
    )


def _finish(
    db: Database,
    upload_id: int,
    status: str,
    report: dict[str, Any],
    reason: str,
    *,
    actor_id: int | None,
) -> dict[str, Any]:
    with db.transaction() as s:
        upload = s.get(Upload, upload_id)
        upload.status, upload.error, upload.report = status, reason, report
        upload.completed_at = utcnow()
        if "summary" in report:
            upload.rows_total = report["summary"]["rows"]
            upload.rows_invalid = report["summary"]["invalid"]
            upload.rows_valid = report["summary"]["valid"]
        actor = s.get(User, actor_id) if actor_id else None
        audit.record(
            s,
            upload.company_id,
            actor or "cli",
            f"audits.{status}",
            "upload",
            upload_id,
            {"reason": reason},
        )
        return outcome(upload)


def outcome(upload: Upload) -> dict[str, Any]:
    return {
        "upload_id": upload.id,
        "status": upload.status,
        "error": upload.error,
        "report": upload.report or {},
    }
