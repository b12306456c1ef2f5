"""Intake benchmark: read_upload vs raw python-calamine on a generated 100k-row xlsx, and peak
memory of validating a 1M-row CSV (in a subprocess, ru_maxrss).

Run: python bench/bench_intake.py [--rows 100000] [--csv-rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine
import xlsxwriter

HEADERS = [
    "Supplier ID",
    "Supplier name",
    "Country",
    "City",
    "Sector",
    "Goods",
    "Tier",
    "Workers",
    "Migrant workers %",
    "Annual spend",
    "Audit date",
    "Audit result",
]
COUNTRIES = ["China", "Viet Nam", "BD", "India", "Türkiye", "USA"]


def row(i: int) -> list:
    return [
        f"S{i:07d}",
        f"Supplier {i} Ltd",
        COUNTRIES[i % 6],
        "City",
        "Apparel",
        "Cotton; Garments",
        1 + i % 3,
        i % 500,
        i % 100,
        1000.5 * i,
        dt.datetime(2023, 1, 1) + dt.timedelta(days=i % 365),
        "passed",
    ]


def make_xlsx(path: Path, rows: int) -> None:
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as wb:
        ws = wb.add_worksheet("Suppliers")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write_row(0, 0, HEADERS)
        for i in range(1, rows + 1):
            values = row(i)
            ws.write_row(i, 0, values[:10])
            ws.write_datetime(i, 10, values[10], date)
            ws.write_string(i, 11, values[11])


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADERS) + "\n")
        for i in range(1, rows + 1):
            values = row(i)
            values[10] = values[10].date().isoformat()
            fh.write(",".join(str(v) for v in values) + "\n")


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def csv_peak(path: Path) -> None:
    from supplychain.ingest.limits import Limits
    from supplychain.ingest.pipeline import read_upload

    limits = Limits(max_bytes=1 << 31, max_rows=2_000_000)
    start = time.perf_counter()
    result = read_upload(path, limits=limits)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"csv rows={result.rows} valid={len(result.frame)} time={took:.1f}s peak_rss={peak:.0f}MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--csv-child", type=Path)
    args = parser.parse_args()
    if args.csv_child:
        csv_peak(args.csv_child)
        return
    from supplychain.ingest.pipeline import read_upload

    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "bench.xlsx"
        make_xlsx(xlsx, args.rows)
        raw = best_of(
            lambda: (
                python_calamine.CalamineWorkbook.from_path(str(xlsx))
                .get_sheet_by_index(0)
                .to_python()
            )
        )
        ours = best_of(lambda: read_upload(xlsx))
        result = read_upload(xlsx)
        print(f"xlsx rows={result.rows} valid={len(result.frame)} errors={len(result.errors)}")
        print(f"calamine to_python {raw:.2f}s  read_upload {ours:.2f}s  ratio {ours / raw:.2f}")
        if args.csv_rows:
            csv = Path(tmp) / "bench.csv"
            make_csv(csv, args.csv_rows)
            subprocess.run([sys.executable, __file__, "--csv-child", str(csv)], check=True)


if __name__ == "__main__":
    main()
