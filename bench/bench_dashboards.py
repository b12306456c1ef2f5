"""Benchmark: dashboard callbacks over 100k suppliers, on SQLite and PostgreSQL.

Run: ``python bench/bench_dashboards.py [--rows 100000] [--runs 11] [--backends sqlite,postgresql]``
(PostgreSQL from ``TEST_DATABASE_URL``, default postgresql+psycopg://postgres@127.0.0.1:5432/test;
a scratch database is created and dropped). Data is bulk-loaded with Core executemany / COPY
(bench/dashboard_data.py), plus a second company of 5k suppliers so the company scope matters.

Each callback runs as it does in production: inside a Flask request with a signed-in user,
through the same function Dash calls. Beside it, in the same run, the raw SQL of that callback
(its queries alone, no figures, no cache). What only changes with the company's data is kept in
dashboards/cache.py until the data version moves, so every callback is also timed cold (cache
emptied before each call: the first view after an import). Medians in ms, wall and this
process's CPU time; the statements each callback sends, warm and cold. The target is < 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask_login import login_user
from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_data import load_company, reset_sequences

from app import create_app
from dashboards.cache import EXTENSION, AggregateCache, data_version
from dashboards.explorer import callbacks as explorer
from dashboards.explorer import queries as explorer_sql
from dashboards.filters import Filters
from dashboards.overview import callbacks as overview
from dashboards.overview import queries as overview_queries
from dashboards.queries import options
from dashboards.remediation import callbacks as remediation
from dashboards.remediation import queries as remediation_sql
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.migrate import upgrade
from supplychain.db.models import Company
from supplychain.services import accounts, suppliers
from supplychain.web.auth import signed_in

PG_ADMIN = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGET_MS = 300.0
NAME_FILTER = {"name": {"filterType": "text", "type": "contains", "filter": "123"}}
BY_NAME = [{"colId": "name", "sort": "asc"}]
BY_SPEND = [{"colId": "annual_spend", "sort": "desc"}]


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of this process in ms over ``runs`` calls, after a warm-up.
    CPU time shows the work apart from waiting for a busy machine (SQLite runs in-process;
    PostgreSQL's own work is in the wall time only)."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def seed(url: str, rows: int) -> tuple[int, str]:
    upgrade(url)
    db = Database(url)
    with db.transaction() as s:
        company = accounts.add_company(s, "Bench Co")
        other = accounts.add_company(s, "Other Co")
        accounts.add_user(s, company, "exec@bench.example", "executive", "bench password 1")
        company_id, other_id = company.id, other.id
    started = time.perf_counter()
    with db.engine.begin() as conn:
        load_company(conn, company_id, rows, 0, seed=1)
        load_company(conn, other_id, 5_000, 1_000_000, seed=2)
        reset_sequences(conn)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"  loaded {rows:,} + 5,000 suppliers in {time.perf_counter() - started:.1f} s")
    db.dispose()
    return company_id, "exec@bench.example"


def overview_sql(s: Any, company_id: int, f: Filters, today: date) -> None:
    """Every query of the overview callback, none of them from the cache."""
    data_version(s, company_id)
    if f.countries or f.sectors or f.chain_tiers:
        options(s, company_id)  # the allow-list of filter values
    overview_queries.cube(s, company_id, f, today)
    overview_queries.goods(s, company_id, f)
    overview_queries.tier_mix(s, company_id, f)
    overview_queries.riskiest(s, company_id, f)
    overview_queries.open_actions(s, company_id, f, today)


def grid_sql(s: Any, company_id: int, request: dict[str, Any]) -> None:
    """The explorer grid's page and count, uncached."""
    start, end = request["startRow"], request["endRow"]
    explorer_sql.rows(
        s, explorer_sql.matching(company_id, request, limit=end - start, offset=start)
    )
    explorer_sql.count(s, company_id, request)


def scenarios(
    company_id: int, first_supplier: int
) -> list[tuple[str, Callable[[], Any], Callable[[Any], Any]]]:
    """(name, callback as Dash calls it, the same callback's SQL alone given a session)."""
    today = date.today()
    none = (None, None, None, None, None, None)
    narrowed = (None, None, ["CN", "VN"], None, ["high", "critical"], None)
    narrowed_f = Filters(countries=("CN", "VN"), tiers=("high", "critical"))
    block = {"startRow": 0, "endRow": 100, "filterModel": {}, "sortModel": []}
    deep = {"startRow": 50_000, "endRow": 50_100, "filterModel": {}, "sortModel": BY_NAME}
    named = {"startRow": 0, "endRow": 100, "filterModel": NAME_FILTER, "sortModel": BY_SPEND}
    return [
        (
            "overview, no filter",
            lambda: overview.refresh(*none),
            lambda s: overview_sql(s, company_id, Filters(), today),
        ),
        (
            "overview, 2 countries + 2 tiers",
            lambda: overview.refresh(*narrowed),
            lambda s: overview_sql(s, company_id, narrowed_f, today),
        ),
        (
            "explorer, first block by score",
            lambda: explorer.grid_rows(block),
            lambda s: grid_sql(s, company_id, block),
        ),
        (
            "explorer, sorted by name, rows 50,000-50,100",
            lambda: explorer.grid_rows(deep),
            lambda s: grid_sql(s, company_id, deep),
        ),
        (
            "explorer, name contains '123', by spend",
            lambda: explorer.grid_rows(named),
            lambda s: grid_sql(s, company_id, named),
        ),
        (
            "explorer, supplier view",
            lambda: explorer.show_supplier([{"id": first_supplier}]),
            lambda s: (
                suppliers.detail(s, company_id, first_supplier),
                explorer_sql.remediation_items(s, company_id, first_supplier),
            ),
        ),
        (
            "remediation, no filter",
            lambda: remediation.refresh(None, None, None, None),
            lambda s: remediation_sql.load(s, company_id, Filters(), today),
        ),
        (
            "remediation, 2 countries + 2 tiers",
            lambda: remediation.refresh(["CN", "VN"], None, ["high", "critical"], None),
            lambda s: (
                options(s, company_id),
                remediation_sql.load(s, company_id, narrowed_f, today),
            ),
        ),
    ]


def statements(engine: Any, fn: Callable[[], Any]) -> int:
    """How many SQL statements one call of ``fn`` sends."""
    sent: list[str] = []

    def count(*_: Any) -> None:
        sent.append("")

    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def bench_backend(url: str, rows: int, runs: int, label: str) -> list[tuple[str, ...]]:
    company_id, email = seed(url, rows)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="test",
            database_url=url,
            secret_key="bench",
            instance_dir=Path(tmp),
            upload_dir=Path(tmp) / "uploads",
        )
        app = create_app(settings)
        db: Database = app.extensions["supplychain.db"]
        cache = app.extensions.setdefault(EXTENSION, AggregateCache())
        with db.reading() as s:
            user = accounts.user_by_email(s, email)
            me = signed_in(user, s.get(Company, company_id))
        out = []
        with app.test_request_context("/dash/overview/_dash-update-component", method="POST"):
            login_user(me)
            for name, callback, sql in scenarios(company_id, first_supplier=1):
                with db.reading() as s:
                    sql_ms, sql_cpu = timed(lambda s=s, sql=sql: sql(s), runs)
                callback_ms, callback_cpu = timed(callback, runs)
                cold = lambda c=callback: (cache.clear(), c())  # noqa: E731
                cold_ms, cold_cpu = timed(cold, max(3, runs // 3))
                sent = (statements(db.engine, callback), statements(db.engine, cold))
                verdict = "ok" if callback_ms < TARGET_MS else "SLOW"
                cells = (callback_ms, callback_cpu, cold_ms, cold_cpu, sql_ms, sql_cpu)
                row = [f"{v:.0f}" for v in cells] + [f"{sent[0]} / {sent[1]}"]
                out.append((label, name, *row, f"{cold_ms / sql_ms:.2f}", verdict))
                print(f"  {name:46s} " + " ".join(f"{v:>7}" for v in row))
        db.dispose()
    return out


def scratch_pg() -> tuple[str, Callable[[], None]]:
    name = f"bench_dash_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        print(f"{backend}:")
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results += bench_backend(f"sqlite:///{tmp}/bench.db", args.rows, args.runs, backend)
        else:
            url, drop = scratch_pg()
            try:
                results += bench_backend(url, args.rows, args.runs, backend)
            finally:
                drop()
    print(f"\nload average at the end: {os.getloadavg()} (2 cores)")
    print(
        "\n| backend | callback | median ms | CPU ms | cold ms | cold CPU ms | its SQL ms "
        "| SQL CPU ms | statements warm / cold | cold / SQL | < 300 ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in results:
        print("| " + " | ".join(row) + " |")
    return 0 if all(row[-1] == "ok" for row in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
