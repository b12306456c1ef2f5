"""Evidence packs: request one, build it as a job, list, fetch and download it.

A request fixes everything the pack depends on: the period, the suppliers, the generation time
and the audit-chain head (the request's own audit entry). Building the same request again gives
the same bytes, so a pack can be rebuilt and compared at any time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import AuditEvent, Company, EvidencePack, Job, Supplier, User
from supplychain.services import audit, jobs
from supplychain.services.errors import Conflict, NotFound, ServiceError
from supplychain.services.evidence import content
from supplychain.services.jobs import JobContext, JobFailed, JobRunner, Progress

KIND = "evidence_pack"
log = logging.getLogger(__name__)
MAX_SUPPLIERS = 1000


@dataclass(frozen=True)
class PackRequest:
    date_from: date | None = None
    date_to: date | None = None
    supplier_ids: tuple[int, ...] = ()


def request_pack(
    session: Session, company_id: int, actor: User | None, req: PackRequest
) -> tuple[EvidencePack, Job]:
    """Record the request (and its audit entry) and the job that will build it."""
    _check(session, company_id, req)
    now = utcnow()
    pack = EvidencePack(
        company_id=company_id,
        status="queued",
        date_from=req.date_from,
        date_to=req.date_to,
        supplier_ids={"ids": list(req.supplier_ids)} if req.supplier_ids else None,
        requested_by_id=actor.id if actor else None,
        created_at=now,
        generated_at=now,
    )
    session.add(pack)
    session.flush()
    event = audit.record(
        session,
        company_id,
        actor or "cli",
        "evidence_pack.requested",
        "evidence_pack",
        pack.id,
        {
            "date_from": _iso(req.date_from),
            "date_to": _iso(req.date_to),
            "supplier_ids": list(req.supplier_ids),
        },
    )
    pack.chain_head = event.hash
    job = jobs.create(session, company_id, KIND, pack.id, actor.id if actor else None)
    return pack, job


def queue_pack(
    ctx: JobContext, runner: JobRunner, company_id: int, actor_id: int | None, req: PackRequest
) -> tuple[EvidencePack, Job]:
    """Write the request and its job row first, then hand the job to the runner."""
    with ctx.db.transaction() as s:
        actor = s.get(User, actor_id) if actor_id else None
        pack, job = request_pack(s, company_id, actor, req)
    rq_id = runner.submit(job.id)
    if rq_id:
        with ctx.db.transaction() as s:
            s.get(Job, job.id).rq_id = rq_id
    return pack, job


def _check(session: Session, company_id: int, req: PackRequest) -> None:
    if req.date_from and req.date_to and req.date_from > req.date_to:
        raise ServiceError("The period's start date is after its end date.")
    if len(req.supplier_ids) > MAX_SUPPLIERS:
        raise ServiceError(f"Choose at most {MAX_SUPPLIERS} suppliers, or all of them.")
    if req.supplier_ids:
        found = set(
            session.scalars(
                select(Supplier.id).where(
                    Supplier.company_id == company_id, Supplier.id.in_(req.supplier_ids)
                )
            )
        )
        if missing := sorted(set(req.supplier_ids) - found):
            raise NotFound(f"No supplier {missing[0]}.")


@jobs.handler(KIND)
def build_pack_job(ctx: JobContext, job: Any, progress: Progress) -> dict[str, Any]:
    return build(ctx, job.target_id, progress)


def build(ctx: JobContext, pack_id: int, progress: Progress) -> dict[str, Any]:
    """Build (or rebuild) a requested pack into the instance folder."""
    with ctx.db.transaction() as s:
        pack = s.get(EvidencePack, pack_id)
        if pack is None:
            raise JobFailed(f"Evidence pack {pack_id} no longer exists.")
        pack.status, pack.error = "building", None
        spec = _spec(s, pack)
    out = pack_path(ctx.settings.instance_dir, spec.company_id, pack_id)
    try:
        with ctx.db.reading() as s:
            content.repeatable_read(s)
            result = content.write(s, ctx.settings, spec, out, progress)
    except Exception as exc:
        _failed(ctx, pack_id, exc)
        raise
    with ctx.db.transaction() as s:
        pack = s.get(EvidencePack, pack_id)
        pack.status, pack.finished_at, pack.stored_path = "done", utcnow(), str(out)
        pack.sha256, pack.size_bytes = result.sha256, result.size
        audit.record(
            s,
            pack.company_id,
            "system",
            "evidence_pack.built",
            "evidence_pack",
            pack_id,
            {"sha256": result.sha256, "bytes": result.size, "chain_head": result.head_hash},
        )
    return {"pack_id": pack_id, "sha256": result.sha256, "bytes": result.size}


def _spec(session: Session, pack: EvidencePack) -> content.Spec:
    head = session.scalar(
        select(AuditEvent.seq).where(
            AuditEvent.company_id == pack.company_id, AuditEvent.hash == pack.chain_head
        )
    )
    if head is None:
        raise JobFailed(f"The audit entry of evidence pack {pack.id}'s request is missing.")
    requester = session.get(User, pack.requested_by_id) if pack.requested_by_id else None
    generated = pack.generated_at or pack.created_at
    end = _day_end(pack.date_to)
    return content.Spec(
        pack_id=pack.id,
        company_id=pack.company_id,
        company_name=session.get(Company, pack.company_id).name,
        date_from=pack.date_from,
        date_to=pack.date_to,
        supplier_ids=tuple((pack.supplier_ids or {}).get("ids", ())),
        generated_at=generated,
        start=_day_start(pack.date_from),
        cutoff=min(generated, end) if end else generated,
        head_seq=head,
        requested_by=requester.email if requester else "the command line",
    )


def _failed(ctx: JobContext, pack_id: int, exc: Exception) -> None:
    message = exc.message if isinstance(exc, ServiceError) else "an internal error (logged)"
    with ctx.db.transaction() as s:
        pack = s.get(EvidencePack, pack_id)
        pack.status, pack.error, pack.finished_at = "failed", message, utcnow()
        audit.record(
            s,
            pack.company_id,
            "system",
            "evidence_pack.failed",
            "evidence_pack",
            pack_id,
            {"error": message},
        )


def pack_path(instance_dir: Path, company_id: int, pack_id: int) -> Path:
    return instance_dir / "evidence" / str(company_id) / f"pack-{pack_id}.zip"


def get(session: Session, company_id: int, pack_id: int) -> EvidencePack:
    """The company's pack; another company's is not found, and logged (RELIABILITY #58)."""
    pack = session.get(EvidencePack, pack_id)
    if pack is not None and pack.company_id == company_id:
        return pack
    if pack is not None:
        log.warning(
            "Failed authorisation: company %s asked for evidence pack %s of company %s.",
            company_id,
            pack_id,
            pack.company_id,
        )
    raise NotFound(f"No evidence pack {pack_id}.")


def list_packs(session: Session, company_id: int, limit: int = 100) -> list[dict[str, Any]]:
    packs = session.scalars(
        select(EvidencePack)
        .where(EvidencePack.company_id == company_id)
        .order_by(EvidencePack.id.desc())
        .limit(limit)
    )
    return [pack_dict(session, p) for p in packs]


def pack_dict(session: Session, pack: EvidencePack) -> dict[str, Any]:
    job = jobs.latest_for(session, pack.company_id, KIND, pack.id)
    requester = session.get(User, pack.requested_by_id) if pack.requested_by_id else None
    return {
        "id": pack.id,
        "status": pack.status,
        "progress": 1.0 if pack.status == "done" else (job.progress if job else 0.0),
        "stage": "done" if pack.status == "done" else (job.stage if job else ""),
        "job_id": job.id if job else None,
        "date_from": _iso(pack.date_from),
        "date_to": _iso(pack.date_to),
        "supplier_ids": list((pack.supplier_ids or {}).get("ids", [])),
        "requested_by": requester.email if requester else None,
        "created_at": pack.created_at.isoformat(),
        "finished_at": pack.finished_at.isoformat() if pack.finished_at else None,
        "sha256": pack.sha256,
        "size_bytes": pack.size_bytes,
        "chain_head": pack.chain_head,
        "error": pack.error,
    }


def download(session: Session, company_id: int, actor: User | str, pack_id: int) -> Path:
    """The stored zip of a finished pack; the download is written to the audit trail."""
    pack = get(session, company_id, pack_id)
    path = Path(pack.stored_path) if pack.stored_path else None
    if pack.status != "done" or path is None:
        raise Conflict(f"Evidence pack {pack_id} is not ready ({pack.status}).")
    if not path.is_file():
        raise NotFound(f"The file of evidence pack {pack_id} is no longer on the server.")
    audit.record(
        session,
        company_id,
        actor,
        "evidence_pack.downloaded",
        "evidence_pack",
        pack_id,
        {"sha256": pack.sha256},
    )
    return path


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def _day_end(day: date | None) -> datetime | None:
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None
