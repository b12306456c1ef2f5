"""Benchmark: scoring 100k suppliers vs. python-calamine reading the same 100k-row xlsx.

Run: ``python bench/bench_scoring.py [--rows 100000] [--repeat 3]``. Generates a deterministic
supplier list (seeded), writes it with xlsxwriter (constant_memory) to a temp dir, times
``python_calamine.CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()`` and
``score_frame`` with every rule family (entity screening included); prints medians and the
ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from supplychain.domain.fields import FIELDS
from supplychain.domain.ruleset import load_ruleset
from supplychain.domain.scoring import score_frame

AS_OF = date(2026, 1, 15)
WORDS = [
    "Golden",
    "Star",
    "Ocean",
    "River",
    "Bright",
    "Harvest",
    "Eastern",
    "Pacific",
    "United",
    "Global",
    "Sun",
    "Moon",
    "Lotus",
    "Jade",
    "Phoenix",
    "Dragon",
    "Silver",
    "Green",
    "Blue",
    "Red",
    "Alpine",
    "Coastal",
    "Prime",
    "Royal",
    "Summit",
    "Unity",
    "Vertex",
    "Zenith",
]
TRADES = [
    "Textiles",
    "Garments",
    "Apparel",
    "Electronics",
    "Foods",
    "Plastics",
    "Metals",
    "Footwear",
    "Toys",
    "Trading",
]
SUFFIXES = ("Co., Ltd.", "Limited", "Inc.", "GmbH", "Group", "Pvt Ltd", "S.A.", "")
LISTED = (
    "Hetian Haolin Hair Accessories Co., Ltd.",
    "Aksu Huafu Textiles Co., Ltd.",
    "Camel Group",
)
COUNTRIES = ("CN", "IN", "BD", "VN", "TR", "MY", "DE", "US", "MX", "ID", "PK", "KH", "BR", "XK")
CITIES = ("Shenzhen", "Dhaka", "Hotan", "Aksu", "Istanbul", "Urumqi", "Berlin", "Ho Chi Minh City")
GOODS = ("Garments", "Cotton", "Solar Modules", "Electronics", "Bricks", "Rubber Gloves", "Widgets")
SECTORS = ("apparel_textiles", "electronics", "agriculture", "solar_polysilicon", "services", None)
RESULTS = ("passed", "conditional", "failed", "none", None)


def generate(rows: int, seed: int = 7) -> pd.DataFrame:
    """A canonical supplier frame of ``rows`` rows (about half the names unique)."""
    rng = np.random.default_rng(seed)
    w = np.asarray(WORDS, dtype=object)
    names = (
        w[rng.integers(0, len(w), rows)]
        + " "
        + w[rng.integers(0, len(w), rows)]
        + " "
        + np.asarray(TRADES, dtype=object)[rng.integers(0, len(TRADES), rows)]
        + " "
        + rng.integers(1, rows // 4, rows).astype(str).astype(object)
        + " "
        + np.asarray(SUFFIXES, dtype=object)[rng.integers(0, len(SUFFIXES), rows)]
    )
    listed = rng.random(rows) < 0.001
    names[listed] = np.asarray(LISTED, dtype=object)[rng.integers(0, len(LISTED), listed.sum())]
    goods = [
        tuple(sorted({GOODS[i] for i in rng.integers(0, len(GOODS), rng.integers(0, 3))}))
        for _ in range(rows)
    ]
    audit_days = rng.integers(0, 1500, rows)
    data = {
        "supplier_name": pd.Series(np.char.strip(names.astype(str)), dtype="str"),
        "country": pd.Series(rng.choice(COUNTRIES, rows), dtype="str"),
        "supplier_id": pd.Series([f"S{i:07d}" for i in range(rows)], dtype="str"),
        "address": pd.Series([f"{i % 997} Industrial Road" for i in range(rows)], dtype="str"),
        "city": pd.Series(rng.choice(CITIES, rows), dtype="str"),
        "region": pd.Series(pd.NA, index=range(rows), dtype="str"),
        "sector": pd.Series(rng.choice(np.asarray(SECTORS, dtype=object), rows), dtype="str"),
        "goods": pd.Series(goods, dtype="object"),
        "parent_company": pd.Series(
            np.where(rng.random(rows) < 0.2, "Pacific Holdings Group", None), dtype="str"
        ),
        "audit_date": pd.Series(
            pd.Timestamp("2026-01-01") - pd.to_timedelta(audit_days, unit="D")
        ).astype("datetime64[ns]"),
        "audit_result": pd.Series(rng.choice(np.asarray(RESULTS, dtype=object), rows), dtype="str"),
    }
    frame = pd.DataFrame(data)
    for field in FIELDS:
        if field.name not in frame.columns:
            frame[field.name] = pd.Series(pd.NA, index=frame.index, dtype="object")
    frame["row"] = np.arange(2, rows + 2, dtype="int64")
    return frame


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """The same suppliers as an xlsx, written with xlsxwriter in constant_memory mode."""
    columns = [f.name for f in FIELDS]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Suppliers")
    sheet.write_row(0, 0, columns)
    values = frame[columns].astype(object).where(frame[columns].notna(), None)
    values["goods"] = frame["goods"].map("; ".join)
    values["audit_date"] = frame["audit_date"].dt.strftime("%Y-%m-%d")
    for r, row in enumerate(values.itertuples(index=False), start=1):
        sheet.write_row(r, 0, ["" if v is None else v for v in row])
    book.close()


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frame = generate(args.rows)
    rules = load_ruleset("default")
    # A loaded rule set builds its derived tables (normalised list names, DOL listings with their
    # reasons, TIP placements, sector weights, place patterns) on first use and keeps them, as a
    # worker process does: warm it once, outside the timing.
    score_frame(frame.head(1000), rules, as_of=AS_OF)
    reads, scores, result = [], [], None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suppliers.xlsx"
        write_xlsx(frame, path)
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            wall, cpu, sheet = timed(lambda: read_calamine(path))
            assert len(sheet) == args.rows + 1
            reads.append((wall, cpu))
            wall, cpu, result = timed(lambda: score_frame(frame, rules, as_of=AS_OF))
            scores.append((wall, cpu))
    read_wall, read_cpu = (statistics.median(x) for x in zip(*reads, strict=True))
    score_wall, score_cpu = (statistics.median(x) for x in zip(*scores, strict=True))
    print(
        f"rows: {args.rows}, unique names: {frame['supplier_name'].nunique()}, "
        f"repeats: {args.repeat} (medians)"
    )
    print(f"calamine read xlsx: wall {read_wall:.3f} s, cpu {read_cpu:.3f} s")
    print(f"score_frame (all rule families): wall {score_wall:.3f} s, cpu {score_cpu:.3f} s")
    print(f"ratio score/read: wall {score_wall / read_wall:.2f}, cpu {score_cpu / read_cpu:.2f}")
    print(f"hits: {len(result.hits)}, tiers: {result.by_tier()}")


def read_calamine(path: Path) -> list[list[object]]:
    """The baseline: python-calamine reading the whole first sheet into Python lists."""
    return python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()


if __name__ == "__main__":
    main()
