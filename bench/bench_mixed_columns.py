"""What it costs to read xlsx columns that mix types exactly: today's fallback (a strict fastexcel
load fails, then python-calamine reads the whole sheet) against the cheapest exact route through
fastexcel alone (bench/README.md, Intake, "A column mixing types").

Run: python bench/bench_mixed_columns.py [--rows 100000] [--repeat 3]

The workbook is the upload bench's (``generate_suppliers(rows, seed=3)``), whose bad rows put text
in "Annual Spend" (column 12) and "Last Audit Date" (column 14). CPU seconds, median of the
interleaved repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import fastexcel
import python_calamine as pc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.ingest.grid import Grid
from supplychain.ingest.layout import columns_of

MIXED = [12, 14]


def _load(path: Path, **options) -> fastexcel.ExcelSheet:
    return fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, skip_rows=1, **options)


def strict(path: Path, dtypes: dict | None = None) -> bool:
    """A strict load of the whole sheet; False when a column mixes types."""
    try:
        _load(path, schema_sample_rows=None, dtype_coercion="strict", dtypes=dtypes).to_arrow()
    except fastexcel.FastExcelError:
        return False
    return True


def calamine_cells(path: Path) -> None:
    """Today's fallback: every cell with python-calamine, then by column."""
    rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    columns_of(Grid("S", rows, list(range(1, len(rows) + 1))), 1, len(rows[0]))


def typed_loads(path: Path) -> tuple[dict, object]:
    """The cell types of the mixed columns from a duration load's errors (the detail reads
    ``Expected duration but got 'Float(1.5)'``), their text from a string load."""
    _, errors = _load(path, use_columns=MIXED, dtypes="duration").to_arrow_with_errors()
    kinds = {e.position: e.detail.split("'")[1].split("(")[0] for e in errors.errors}
    return kinds, _load(path, use_columns=MIXED, dtypes="string").to_arrow()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suppliers.xlsx"
        write_xlsx(generate_suppliers(args.rows, seed=3), path)
        if strict(path):
            raise SystemExit("no column mixes types in this workbook; nothing to measure")
        steps: dict[str, Callable[[], object]] = {
            "strict load that fails": lambda: strict(path),
            "strict load, mixed columns as string": lambda: strict(
                path, dict.fromkeys(MIXED, "string")
            ),
            "duration + string loads of the mixed columns": lambda: typed_loads(path),
            "python-calamine read + columns_of": lambda: calamine_cells(path),
        }
        seconds: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(args.repeat):
            for name, step in steps.items():
                start = time.process_time()
                step()
                seconds[name].append(time.process_time() - start)
    median = {name: statistics.median(s) for name, s in seconds.items()}
    for name, s in seconds.items():
        print(f"{name}: {median[name]:.2f} s CPU ({', '.join(f'{x:.2f}' for x in s)})")
    names = list(median)
    today = median[names[0]] + median[names[3]]
    exact = median[names[0]] * len(MIXED) + median[names[1]] + median[names[2]]
    print(f"today's fallback {today:.2f} s CPU; exact read through fastexcel {exact:.2f} s CPU")


if __name__ == "__main__":
    main()
