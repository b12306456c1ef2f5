"""Intake benchmark: read_upload vs raw python-calamine on a generated 100k-row xlsx (interleaved,
``--repeat`` times, medians), and peak memory of validating a 1M-row CSV next to pandas' own
``read_csv(dtype=str)`` of the same file (each in a child process, ru_maxrss).

Run: python bench/bench_intake.py [--rows 100000] [--csv-rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
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


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def csv_peak(path: Path) -> None:
    from supplychain.ingest.limits import Limits
    from supplychain.ingest.pipeline import read_upload

    limits = Limits(max_bytes=1 << 31, max_rows=2_000_000)
    start = time.perf_counter()
    result = read_upload(path, limits=limits)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"csv read_upload rows={result.rows} valid={len(result.frame)} "
        f"time={took:.1f}s peak_rss={peak:.0f}MB"
    )


def csv_raw_peak(path: Path) -> None:
    """The raw library for comparison: pandas' C parser, every column as text."""
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"csv pandas read_csv rows={len(frame)} time={took:.1f}s peak_rss={peak:.0f}MB")


def bench_xlsx(path: Path, repeat: int) -> None:
    """Raw python-calamine and read_upload, interleaved, ``repeat`` times; medians and ratio."""
    from supplychain.ingest.pipeline import read_upload

    def raw() -> None:
        python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

    result = read_upload(path)  # warm-up: imports, reference tables
    print(f"xlsx rows={result.rows} valid={len(result.frame)} errors={len(result.errors)}")
    runs = []
    for i in range(repeat):
        (raw_wall, raw_cpu), (ours_wall, ours_cpu) = timed(raw), timed(lambda: read_upload(path))
        runs.append((raw_wall, ours_wall, ours_wall / raw_wall, raw_cpu, ours_cpu))
        print(
            f"  run {i + 1}: calamine {raw_wall:.2f}s (cpu {raw_cpu:.2f}s)  read_upload "
            f"{ours_wall:.2f}s (cpu {ours_cpu:.2f}s)  ratio {ours_wall / raw_wall:.2f} "
            f"(cpu {ours_cpu / raw_cpu:.2f})"
        )
    medians = (statistics.median(column) for column in zip(*runs, strict=True))
    raw_wall, ours_wall, ratio, raw_cpu, ours_cpu = medians
    print(
        f"median: calamine to_python {raw_wall:.2f}s  read_upload {ours_wall:.2f}s  "
        f"ratio {ratio:.2f}  (cpu {raw_cpu:.2f}s vs {ours_cpu:.2f}s, {ours_cpu / raw_cpu:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv-child", type=Path)
    parser.add_argument("--csv-raw-child", type=Path)
    args = parser.parse_args()
    if args.csv_child or args.csv_raw_child:
        (csv_peak if args.csv_child else csv_raw_peak)(args.csv_child or args.csv_raw_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "bench.xlsx"
        make_xlsx(xlsx, args.rows)
        bench_xlsx(xlsx, args.repeat)
        if args.csv_rows:
            csv = Path(tmp) / "bench.csv"
            make_csv(csv, args.csv_rows)
            for flag in ("--csv-raw-child", "--csv-child"):
                subprocess.run([sys.executable, __file__, flag, str(csv)], check=True)


if __name__ == "__main__":
    main()
