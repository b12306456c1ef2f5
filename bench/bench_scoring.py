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


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frame = generate(args.rows)
    rules = load_ruleset("default")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suppliers.xlsx"
        write_xlsx(frame, path)
        read_s, sheet = timed(
            lambda: (
                python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
            ),
            args.repeat,
        )
    assert len(sheet) == args.rows + 1
    score_frame(frame.head(1000), rules, as_of=date(2026, 1, 15))  # warm the rule-set caches
    rules.cache.clear()  # ...then time from cold caches, as a fresh process would
    score_s, result = timed(lambda: score_frame(frame, rules, as_of=date(2026, 1, 15)), args.repeat)
    print(f"rows: {args.rows}, unique names: {frame['supplier_name'].nunique()}")
    print(f"calamine read xlsx (median of {args.repeat}): {read_s:.3f} s")
    print(f"score_frame, all rule families (median of {args.repeat}): {score_s:.3f} s")
    print(f"ratio score/read: {score_s / read_s:.2f}")
    print(f"hits: {len(result.hits)}, tiers: {result.by_tier()}")


if __name__ == "__main__":
    main()
