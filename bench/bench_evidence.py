"""Benchmark: an evidence pack for a company of 100k suppliers, its time and peak memory.

Run: ``python bench/bench_evidence.py [--rows 100000] [--database-url URL] [--workdir DIR]``

1. Seed (timed, not the subject): a generated 100k-row supplier workbook (sample_data) is
   registered as an upload, read by the intake pipeline and scored with the default rule set as
   the import job does; suppliers, records, assessments and every rule hit are then written with
   plain SQLAlchemy Core ``insert`` executemany (ids given up front, no RETURNING); plus a
   finding with an action and remedy per 1,000 suppliers.
2. Build the pack (the subject) in a child process through the real service (request + job),
   reporting wall time, peak RSS (VmHWM) and the pack's size; then verify it.
3. Reference in the same run, also in a child process: xlsxwriter (constant_memory) writing the
   same number of rows and columns from memory, the fastest way to produce the workbook alone.

Defaults to a fresh SQLite file; give ``--database-url postgresql+psycopg://...`` (an empty
database) to measure PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The project is imported inside the functions, so the reference child loads xlsxwriter only.

KEY = "benchmark evidence key"


def settings_for(url: str, workdir: Path) -> Any:
    from supplychain.config import Settings

    return Settings(
        env="bench",
        instance_dir=workdir / "instance",
        database_url=url,
        secret_key="bench",
        upload_dir=workdir / "uploads",
        max_upload_bytes=200 * 1024 * 1024,
        evidence_hmac_key=KEY,
    )


def seed(settings: Any, rows: int) -> dict[str, Any]:
    """Create the company and store ``rows`` scored suppliers; returns timings and counts."""
    from sqlalchemy import func, select

    from sample_data.generate import generate_suppliers, write_xlsx
    from supplychain.db.engine import Database
    from supplychain.db.models import RuleHit, Supplier
    from supplychain.services import accounts, uploads

    timings: dict[str, float] = {}
    t = time.perf_counter()
    source = settings.instance_dir.parent / "suppliers.xlsx"
    write_xlsx(generate_suppliers(rows, seed=42, bad_rows=False), source)
    timings["write workbook"] = time.perf_counter() - t
    db = Database(settings.database_url)
    with db.transaction() as s:
        company = accounts.add_company(s, "Bench Apparel")
        accounts.add_user(s, company, "auditor@bench.example", "auditor", "bench password 1")
        upload, _ = uploads.register(s, company.id, None, source, source.name, settings.upload_dir)
        company_id, upload_id = company.id, upload.id
    timings |= _score_and_store(settings, db, upload_id)
    t = time.perf_counter()
    _remediate(settings, db, company_id)
    timings["findings"] = time.perf_counter() - t
    with db.reading() as s:
        counts = {
            "suppliers": s.scalar(select(func.count()).select_from(Supplier)),
            "rule_hits": s.scalar(select(func.count()).select_from(RuleHit)),
        }
    db.dispose()
    return {"company_id": company_id, "timings": timings, "counts": counts}


def _score_and_store(settings: Any, db: Any, upload_id: int) -> dict[str, float]:
    """Intake and scoring as the import does them, then plain Core executemany inserts with ids
    given up front (a fresh database), so no RETURNING is needed."""
    from supplychain.db.models import Upload
    from supplychain.domain.ruleset import load_ruleset
    from supplychain.domain.scoring import score_frame
    from supplychain.ingest.limits import Limits
    from supplychain.ingest.pipeline import read_upload
    from supplychain.services import ruleset_snapshots

    timings = {}
    with db.reading() as s:
        upload = s.get(Upload, upload_id)
        path, name, company_id = Path(upload.stored_path), upload.file_name, upload.company_id
    t = time.perf_counter()
    result = read_upload(path, name=name, limits=Limits(max_bytes=settings.max_upload_bytes))
    timings["read and validate"] = time.perf_counter() - t
    t = time.perf_counter()
    rules = load_ruleset("default", settings.rules_dir, settings.reference_store_dir)
    scored = score_frame(result.frame, rules, as_of=date.today())
    timings["score"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = _tables(result.frame, scored, company_id, upload_id)
    with db.transaction() as s:
        ruleset_snapshots.record(s, scored.ruleset.files)
        for table, params in tables:
            s.execute(table.insert(), params)
        done = s.get(Upload, upload_id)
        done.status, done.rows_total = "done", result.rows
        done.rows_valid = done.rows_imported = len(result.frame)
    timings["insert (Core executemany)"] = time.perf_counter() - t
    return timings


def _tables(frame: Any, scored: Any, company_id: int, upload_id: int) -> list[tuple[Any, list]]:
    """Rows for suppliers, records, assessments and hits; supplier i gets ids i + 1."""
    from supplychain.db.base import utcnow
    from supplychain.db.models import Assessment, RuleHit, Supplier, SupplierRecord
    from supplychain.domain.scoring import supplier_key
    from supplychain.services.ruleset_snapshots import files_digest
    from supplychain.services.supplier_store import HIT_COLUMNS, record_columns

    columns = record_columns(frame)
    values = zip(*columns.values(), strict=True)
    rows = [dict(zip(columns, row, strict=True)) for row in values]
    keys, now = supplier_key(frame).tolist(), utcnow()
    seen: dict[str, int] = {}
    for key in keys:
        seen.setdefault(key, len(seen) + 1)
    owner = [seen[k] for k in keys]
    scores = scored.scores.reset_index(drop=True)
    ruleset = scored.ruleset
    latest = {sid: i + 1 for i, sid in enumerate(owner)}  # the last row of a supplier wins
    suppliers = []
    for key, sid in seen.items():
        i = latest[sid] - 1
        suppliers.append(
            {
                "id": sid,
                "company_id": company_id,
                "key": key,
                "name": rows[i]["name"],
                "country": rows[i]["country"],
                "supplier_ref": rows[i]["supplier_ref"],
                "chain_tier": rows[i]["chain_tier"],
                "sector": rows[i]["sector"],
                "score": float(scores["score"][i]),
                "risk_tier": scores["tier"][i],
                "confidence": float(scores["confidence"][i]),
                "latest_record_id": i + 1,
                "latest_assessment_id": i + 1,
                "first_seen_at": now,
                "updated_at": now,
            }
        )
    records = [
        {
            **row,
            "id": i + 1,
            "company_id": company_id,
            "upload_id": upload_id,
            "supplier_id": owner[i],
            "row_number": int(frame["row"].iat[i]),
        }
        for i, row in enumerate(rows)
    ]
    assessments = [
        {
            "id": i + 1,
            "company_id": company_id,
            "supplier_id": owner[i],
            "record_id": i + 1,
            "upload_id": upload_id,
            "score": float(scores["score"][i]),
            "tier": scores["tier"][i],
            "confidence": float(scores["confidence"][i]),
            "ruleset_id": ruleset.id,
            "ruleset_version": ruleset.version,
            "ruleset_sha256": ruleset.sha256,
            "snapshot_sha256": files_digest(ruleset.files),
            "as_of": now,
            "assessed_at": now,
        }
        for i in range(len(rows))
    ]
    position = {idx: i for i, idx in enumerate(frame.index)}
    hits = scored.hits
    hit_rows = [
        {
            "assessment_id": position[idx] + 1,
            "rule": rule,
            "points": float(points),
            "reason": reason,
            "source": source,
            "detail": None,
        }
        for idx, rule, points, reason, source in zip(
            hits["idx"], *(hits[c] for c in HIT_COLUMNS), strict=True
        )
    ]
    return [
        (Supplier.__table__, suppliers),
        (SupplierRecord.__table__, records),
        (Assessment.__table__, assessments),
        (RuleHit.__table__, hit_rows),
    ]


def _remediate(settings: Any, db: Any, company_id: int) -> None:
    """One finding with an action and a remedy entry per 1,000 suppliers (no re-scoring)."""
    from sqlalchemy import select

    from supplychain.db.models import Supplier
    from supplychain.services import accounts
    from supplychain.services.remediation import actions, findings, remedy

    with db.transaction() as s:
        officer = accounts.user_by_email(s, "auditor@bench.example")
        ids = s.scalars(select(Supplier.id).where(Supplier.company_id == company_id)).all()
        for supplier_id in ids[::1000]:
            new = findings.NewFinding(supplier_id, "Passports retained", "major", [7])
            finding = findings.create(s, settings, company_id, officer, new, rescore_now=False)
            actions.add(
                s,
                company_id,
                officer,
                finding.id,
                actions.NewAction("Return passports", "ops", date(2027, 1, 31)),
            )
            remedy.add(
                s, company_id, officer, finding.id, remedy.NewRemedy("wages", "USD", "250.00", 3)
            )


def build_child(url: str, workdir: Path, company_id: int) -> dict[str, Any]:
    """In the child: request and build the pack through the service; report time and memory."""
    from supplychain.db.engine import Database
    from supplychain.services import evidence
    from supplychain.services.jobs import JobContext

    settings = settings_for(url, workdir)
    db = Database(url)
    ctx = JobContext(db, settings)
    stages: list[tuple[str, float]] = []
    start = time.perf_counter()
    with db.transaction() as s:
        pack, _ = evidence.request_pack(s, company_id, None, evidence.PackRequest())
    evidence.build(ctx, pack.id, lambda d, t, stage: stages.append((stage, time.perf_counter())))
    seconds = time.perf_counter() - start
    path = evidence.pack_path(settings.instance_dir, company_id, pack.id)
    marks = [(name, round(at - start, 1)) for name, at in stages]
    return {
        "seconds": seconds,
        "peak_rss_mb": _peak_mb(),
        "bytes": path.stat().st_size,
        "path": str(path),
        "stages": marks,
    }


def reference_child(rows: int, columns: int, workdir: Path) -> dict[str, Any]:
    """In the child: the same cell count written straight from memory with xlsxwriter."""
    import xlsxwriter

    start = time.perf_counter()
    out = workdir / "reference.xlsx"
    with xlsxwriter.Workbook(str(out), {"constant_memory": True}) as book:
        sheet = book.add_worksheet("Rows")
        for r in range(rows):
            sheet.write_row(r, 0, [f"text {r} {c}" if c % 2 else r * 1.5 for c in range(columns)])
    return {"seconds": time.perf_counter() - start, "peak_rss_mb": _peak_mb()}


def _peak_mb() -> float:
    """Peak RSS of this process. Linux carries ru_maxrss over exec from the forking parent, so
    VmHWM (the high-water mark of this process's own memory) is read when it is available."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--child", choices=["build", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--company", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--columns", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    if args.child == "build":
        print(json.dumps(build_child(url, workdir, args.company)))
        return
    if args.child == "reference":
        print(json.dumps(reference_child(args.rows, args.columns, workdir)))
        return
    _run(url, workdir, args.rows)


def _run(url: str, workdir: Path, rows: int) -> None:
    from supplychain.db.migrate import upgrade
    from supplychain.evidence.sheets import RULE_HITS, SUPPLIERS
    from supplychain.evidence.verify import verify_pack

    upgrade(url)
    settings = settings_for(url, workdir)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    print(f"Seeding {rows} suppliers into {url.split('://')[0]} under {workdir} ...")
    seeded = seed(settings, rows)
    for name, seconds in seeded["timings"].items():
        print(f"  seed: {name:<28} {seconds:7.1f} s")
    print(f"  stored: {seeded['counts']}")
    common = ["--workdir", str(workdir), "--database-url", url]
    built = _child("--child", "build", "--company", str(seeded["company_id"]), *common)
    table_rows = seeded["counts"]["suppliers"] + seeded["counts"]["rule_hits"]
    width = (len(SUPPLIERS.columns) + len(RULE_HITS.columns)) // 2
    reference = _child(
        "--child", "reference", "--rows", str(table_rows), "--columns", str(width), *common
    )
    t = time.perf_counter()
    outcome = verify_pack(built["path"], KEY.encode())
    verify_seconds = time.perf_counter() - t
    print(
        f"Pack: {built['bytes'] / 1e6:.1f} MB in {built['seconds']:.1f} s, "
        f"peak RSS {built['peak_rss_mb']} MB; stages at {built['stages']}"
    )
    print(
        f"Reference (xlsxwriter, {table_rows} rows x {width} cols from memory): "
        f"{reference['seconds']:.1f} s, peak RSS {reference['peak_rss_mb']} MB"
    )
    print(f"Ratio pack / reference: {built['seconds'] / reference['seconds']:.2f}")
    print(f"verify_pack: status {outcome.status} in {verify_seconds:.1f} s")


if __name__ == "__main__":
    main()
