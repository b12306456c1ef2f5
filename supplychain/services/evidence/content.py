"""Assemble a pack's plain data from the database and hand it to the pack writer (the core)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.models import Assessment, Upload
from supplychain.domain.reference import shipped_editions, stored_editions
from supplychain.evidence.crosswalk import CROSSWALK_FILE, CrosswalkError, load_crosswalk
from supplychain.evidence.pack import PackData, PackInfo, PackResult, build_pack
from supplychain.evidence.rules_files import RuleFile
from supplychain.evidence.uploads import UploadSource
from supplychain.ingest.limits import Limits
from supplychain.services import ruleset_snapshots
from supplychain.services.evidence import gather, remediation_rows
from supplychain.services.jobs import JobFailed, Progress
from supplychain.services.remediation import indicators

DOCUMENTS = ("reference/SOURCES.md", CROSSWALK_FILE)


@dataclass(frozen=True)
class Spec:
    """Everything a pack depends on, fixed when it was requested."""

    pack_id: int | None
    company_id: int
    company_name: str
    date_from: date | None
    date_to: date | None
    supplier_ids: tuple[int, ...]
    generated_at: datetime
    start: datetime | None
    cutoff: datetime
    head_seq: int
    requested_by: str


def repeatable_read(session: Session) -> None:
    """One snapshot for the whole pack on PostgreSQL (SQLite's read transaction already is)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def write(
    session: Session, settings: Settings, spec: Spec, out: Path, progress: Progress
) -> PackResult:
    scope = gather.Scope(spec.company_id, spec.start, spec.cutoff, spec.supplier_ids, spec.head_seq)
    rules_dir = settings.rules_dir
    names = _indicator_names(rules_dir)
    data = PackData(
        info=PackInfo(
            company_id=spec.company_id,
            company_name=spec.company_name,
            generated_at=spec.generated_at,
            cutoff=spec.cutoff,
            requested_by=spec.requested_by,
            pack_id=spec.pack_id,
            date_from=spec.date_from,
            date_to=spec.date_to,
            supplier_ids=spec.supplier_ids,
        ),
        crosswalk=_crosswalk(rules_dir),
        suppliers=gather.suppliers(session, scope),
        hits=gather.hits(session, scope),
        findings=remediation_rows.findings(session, scope, names),
        actions=remediation_rows.actions(session, scope),
        action_history=remediation_rows.action_history(session, scope),
        remedy=remediation_rows.remedy(session, scope),
        uploads=[_upload(u, email) for u, email in gather.uploads(session, scope)],
        audit=gather.audit_trail(session, scope),
        rule_files=rule_files(session, gather.rulesets_used(session, scope), settings),
        documents=[(f"rules/{name}", rules_dir / name) for name in DOCUMENTS],
    )
    key = settings.evidence_hmac_key.encode("utf-8") if settings.evidence_hmac_key else None
    limits = Limits(max_bytes=settings.max_upload_bytes)
    return build_pack(data, out, key=key, progress=progress, limits=limits)


def _crosswalk(rules_dir: Path) -> dict[str, Any]:
    try:
        return load_crosswalk(rules_dir / CROSSWALK_FILE)
    except (OSError, CrosswalkError, yaml.YAMLError) as exc:
        raise JobFailed(
            f"The regulation crosswalk ({CROSSWALK_FILE} in the rules folder) cannot be read: {exc}"
        ) from exc


def _indicator_names(rules_dir: Path) -> dict[int, str]:
    return {i.id: i.name for i in indicators.load(rules_dir)}


def _upload(upload: Upload, email: str | None) -> UploadSource:
    return UploadSource(
        upload_id=upload.id,
        sha256=upload.sha256,
        path=Path(upload.stored_path) if upload.stored_path else None,
        file_name=upload.file_name,
        fmt=upload.format,
        row={
            "format": upload.format,
            "status": upload.status,
            "rows_total": upload.rows_total,
            "rows_valid": upload.rows_valid,
            "rows_invalid": upload.rows_invalid,
            "rows_imported": upload.rows_imported,
            "uploaded_by": email or "command line",
            "uploaded_at": upload.created_at,
        },
    )


def rule_files(
    session: Session, assessments: list[Assessment], settings: Settings
) -> list[RuleFile]:
    """Every file the rule sets of these assessments read, with its edition's provenance and
    the bytes kept when it scored (files scored before they were kept have none)."""
    rules_dir, store_dir = settings.rules_dir, settings.reference_store_dir
    editions = {
        e.relpath(rules_dir): e.as_dict()
        for e in [*shipped_editions(rules_dir), *stored_editions(store_dir)]
    }
    used: dict[tuple[str, str], list[str]] = {}
    for a in assessments:
        label = f"{a.ruleset_id}@{a.ruleset_version}"
        for relpath, digest in sorted((a.file_hashes or {}).items()):
            users = used.setdefault((relpath, str(digest)), [])
            if label not in users:
                users.append(label)
    kept = ruleset_snapshots.contents(session, [digest for _, digest in used])
    return [
        RuleFile(
            relpath,
            digest,
            _source(relpath, rules_dir, store_dir),
            tuple(users),
            editions.get(relpath),
            kept.get(digest),
        )
        for (relpath, digest), users in sorted(used.items())
    ]


def _source(relpath: str, rules_dir: Path, store_dir: Path) -> Path | None:
    if relpath.startswith("store:"):
        return store_dir / relpath.removeprefix("store:")
    return rules_dir / relpath if ".." not in Path(relpath).parts else None
