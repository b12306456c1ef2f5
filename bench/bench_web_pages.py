"""Benchmark: the browser pages of one large company, through the real app and a real database.

Run: ``python bench/bench_web_pages.py [--rows 100000] [--database-url URL]``. Generates a seeded
supplier workbook, uploads it as a compliance officer, times the preview job (until its report
is shown, then until its error workbook is written), the confirm and import, then the status
JSON, progress, supplier table (several filters and a deep page), supplier "why" page and audit
trail. Jobs run in a background thread of this process, as with ``supplychain serve`` without
Redis. Prints the best of a few runs for each page.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import create_app
from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.migrate import upgrade
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from tests.integration.conftest import csrf_from, login, make_tenant
from tests.integration.web.conftest import mapping_form


def timed(label: str, call: Callable[[], object], repeat: int = 1) -> object:
    best, answer = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = call()
        best = min(best, time.perf_counter() - start)
    size = len(getattr(answer, "data", b"")) / 1024
    print(f"{label:44s} {best:8.3f} s  {size:8.0f} KiB")
    return answer


def clocked(label: str, block: Callable[[], object]) -> None:
    start = time.perf_counter()
    block()
    print(f"{label:44s} {time.perf_counter() - start:8.3f} s")


def until(check: Callable[[], bool]) -> None:
    while not check():
        time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    upgrade(url)
    settings = Settings(
        env="test",
        instance_dir=tmp / "instance",
        database_url=url,
        secret_key="bench",
        upload_dir=tmp / "uploads",
        max_upload_bytes=64 * 1024 * 1024,
    )
    db = Database(url)
    tenant = make_tenant(db, f"Bench {time.time_ns()}")
    runner = InProcessRunner(JobContext(db, settings))
    client = create_app(settings, runner=runner).test_client()
    login(client, tenant.emails["compliance"])
    book = tmp / "suppliers.xlsx"
    write_xlsx(generate_suppliers(args.rows, seed=11), book)
    print(f"{args.rows} rows, {book.stat().st_size / 1e6:.1f} MB, {url.split(':')[0]}")

    token = csrf_from(client.get("/uploads/").get_data(as_text=True))
    sent = timed(
        "POST /uploads/ (store, queue the preview)",
        lambda: client.post(
            "/uploads/",
            data={"csrf_token": token, "file": (book.open("rb"), book.name)},
            content_type="multipart/form-data",
        ),
    )
    page = sent.headers["Location"]
    clocked(
        "preview report shown",
        lambda: until(lambda: client.get(f"{page}/status").get_json()["ready"]),
    )
    clocked("then the error workbook written", runner.wait)
    shown = timed("GET preview page", lambda: client.get(page), 3)
    timed("GET error workbook (kept)", lambda: client.get(f"{page}/errors.xlsx"), 3)
    form = {**mapping_form(shown.get_data(as_text=True)), "action": "confirm"}
    timed("POST confirm (queue the import)", lambda: client.post(f"{page}/mapping", data=form))
    clocked("import job", runner.wait)
    timed("GET status JSON", lambda: client.get(f"{page}/status"), 5)
    timed("GET progress page", lambda: client.get(f"{page}/progress"), 3)
    for query in ("", "?sort=name&dir=asc&page=500", "?q=textile&tier=high"):
        timed(f"GET /suppliers/{query}", lambda q=query: client.get(f"/suppliers/{q}"), 3)
    listing = client.get("/suppliers/").get_data(as_text=True)
    supplier = re.search(r'href="/suppliers/(\d+)"', listing).group(1)
    timed("GET /suppliers/<id> (why page)", lambda: client.get(f"/suppliers/{supplier}"), 5)
    login(client, tenant.emails["admin"])
    timed("GET /audit/", lambda: client.get("/audit/"), 3)
    timed("GET /audit/verify", lambda: client.get("/audit/verify"), 3)


if __name__ == "__main__":
    main()
