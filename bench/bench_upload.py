"""Upload benchmark: a generated supplier xlsx (100k rows by default) through the job path (read,
validate, score, store: ``jobs.run`` of an ``import_upload`` job) on SQLite and on PostgreSQL,
beside the floor measured in the same run on the same file: python-calamine reading the sheet
plus a raw bulk insert of the same rows (sqlite3 ``executemany``; PostgreSQL ``COPY``).

Run: python bench/bench_upload.py [--rows 100000] [--backend sqlite postgresql]
                                  [--pg postgresql://postgres@127.0.0.1:5432/test] [--profile]
                                  [--reimport]

``--profile`` runs the job under cProfile and prints where the store step spends its time.
``--reimport`` then imports a second workbook with the same suppliers (other notes) into the same
company: the path of a periodic refresh, where every supplier already exists and is updated.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

import psycopg
import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.migrate import upgrade
from supplychain.services import accounts, jobs, uploads
from supplychain.services.jobs import JobContext

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def read_with_calamine(path: Path) -> list[list[Any]]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def raw_insert_sqlite(path: Path, rows: list[list[Any]]) -> None:
    conn = sqlite3.connect(path)
    columns = ", ".join(f"c{i}" for i in range(len(rows[0])))
    conn.execute(f"CREATE TABLE raw ({columns})")
    marks = ", ".join("?" * len(rows[0]))
    with conn:
        conn.executemany(f"INSERT INTO raw VALUES ({marks})", rows[1:])
    conn.close()


def raw_insert_pg(url: str, rows: list[list[Any]]) -> None:
    columns = ", ".join(f"c{i} text" for i in range(len(rows[0])))
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE TABLE raw ({columns})")
        with cur.copy("COPY raw FROM STDIN") as copy:
            for row in rows[1:]:
                copy.write_row([None if v == "" else str(v) for v in row])


@contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    yield f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:6]}.db'}"


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (a database server's CPU is not counted)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def run_jobs(url: str, workdir: Path, paths: list[Path], profile: bool) -> list[dict[str, float]]:
    """Import the files one after the other into one company of a fresh database."""
    upgrade(url)
    settings = Settings(
        env="bench",
        database_url=url,
        secret_key="bench",
        instance_dir=workdir,
        upload_dir=workdir / "uploads",
        max_upload_bytes=200 * 1024 * 1024,
    )
    db = Database(url)
    with db.transaction() as s:
        company_id = accounts.add_company(s, f"Bench {uuid.uuid4().hex[:6]}").id
    try:
        return [run_job(JobContext(db, settings), company_id, path, profile) for path in paths]
    finally:
        db.dispose()


def run_job(ctx: JobContext, company_id: int, path: Path, profile: bool) -> dict[str, float]:
    """Register the upload and run its import job; seconds per stage and in total."""
    with ctx.db.transaction() as s:
        upload, _ = uploads.register(s, company_id, None, path, path.name, ctx.settings.upload_dir)
        job_id = jobs.create(s, company_id, "import_upload", upload.id).id
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()

    def progress(_done: int, _total: int, stage: str) -> None:
        marks.append((stage, time.perf_counter() - start))

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    cpu = time.process_time()
    result = jobs.run(ctx, job_id, progress)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        profiler.disable()
        print_store_profile(profiler)
    assert result["status"] == "done", result
    stages = {name: end - begin for (name, begin), (_, end) in pairwise(marks)}
    return {**stages, "total": total, "cpu": cpu, "imported": result["imported"]}


def print_store_profile(profiler: cProfile.Profile) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"supplier_store|bulk\.py|imports\.py|audit\.py", 25)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg", default=PG_ADMIN, help="an admin URL to create databases with")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--reimport",
        action="store_true",
        help="then import a second file with the same suppliers (new values): the update path",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        paths = [workdir / f"suppliers-{args.rows}.xlsx"]
        print(f"writing {paths[0].name} ...", flush=True)
        suppliers = generate_suppliers(args.rows, seed=3)
        write_xlsx(suppliers, paths[0])
        if args.reimport:
            paths.append(workdir / f"suppliers-{args.rows}-later.xlsx")
            print(f"writing {paths[1].name} ...", flush=True)
            write_xlsx(suppliers.assign(Notes="re-audited"), paths[1])
        for backend in args.backend:
            measure(backend, args, workdir, paths)


def measure(backend: str, args: argparse.Namespace, workdir: Path, paths: list[Path]) -> None:
    rows: list[list[Any]] = []
    read, read_cpu = timed(lambda: rows.extend(read_with_calamine(paths[0])))
    if backend == "sqlite":
        raw = workdir / f"raw-{uuid.uuid4().hex[:6]}.db"
        insert, insert_cpu = timed(lambda: raw_insert_sqlite(raw, rows))
        database = sqlite_database(workdir)
    else:
        with pg_database(args.pg) as url:
            insert, insert_cpu = timed(lambda: raw_insert_pg(url, rows))
        database = pg_database(args.pg)
    with database as url:
        url = url.replace("postgresql://", "postgresql+psycopg://")
        done = run_jobs(url, workdir, paths, args.profile)
    floor = read + insert
    print(
        f"{backend}: {len(rows) - 1} rows | calamine read {read:.2f} s + raw insert "
        f"{insert:.2f} s = {floor:.2f} s (CPU {read_cpu + insert_cpu:.2f} s)",
        flush=True,
    )
    for label, job in zip(["first import", "second import"], done, strict=False):
        stages = [job.get(s, 0) for s in ("reading and validating", "scoring", "storing")]
        print(
            f"  {label}: {job['imported']:.0f} imported | job {job['total']:.2f} s "
            f"(CPU {job['cpu']:.2f} s; read+validate {stages[0]:.2f}, score {stages[1]:.2f}, "
            f"store {stages[2]:.2f}) | ratio {job['total'] / floor:.2f} (goal <= 2)",
            flush=True,
        )
        cells = [read, insert, floor, *stages, job["total"]]
        print(
            f"| {backend}, {label} | "
            + " | ".join(f"{v:.2f} s" for v in cells)
            + f" | **{job['total'] / floor:.1f}** |"
        )


if __name__ == "__main__":
    main()
