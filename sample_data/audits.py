"""Generate a SYNTHETIC audit-results workbook for the suppliers of a generated supplier list.

    python -m sample_data.audits --out sample_data/audits_example.xlsx

The audits name suppliers of ``generate_suppliers(300)`` (the demo list) by Supplier ID, and a
few by name and country. Audit firms, references and findings are invented; the indicator
numbers refer to the ILO forced-labour indicators in risk_rules/reference/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import xlsxwriter

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.domain.safe_cell import safe_cell
from supplychain.ingest.pipeline import read_upload

HEADERS: Final = (
    "Supplier ID",
    "Supplier Name",
    "Country",
    "Audit Date",
    "Standard",
    "Result",
    "Auditor",
    "Reference",
    "Finding",
    "Severity",
    "ILO Indicators",
    "Description",
)
FIRMS: Final = ("Northbridge Social Audits (synthetic)", "Verity Compliance Partners (synthetic)")
STANDARDS: Final = ("SMETA", "amfori BSCI", "SA8000")
FINDINGS: Final = (  # (title, severity, indicators, description)
    (
        "Passports kept by the dormitory manager",
        "critical",
        "7",
        "Workers said their passports are kept in the office and returned only on leaving.",
    ),
    (
        "Recruitment fees paid by migrant workers",
        "critical",
        "9;2",
        "Workers paid agents fees equal to about three months' wages, repaid by deductions.",
    ),
    (
        "Overtime above the legal limit",
        "major",
        "11",
        "Time records show 80-hour weeks in peak season without a rest day.",
    ),
    (
        "Wages paid late",
        "major",
        "Withholding of wages",
        "Wages for October were paid six weeks late.",
    ),
    ("Dormitory exits locked at night", "major", "3;10", "Exits were locked from 22:00."),
    (
        "No written contract in the worker's language",
        "minor",
        "2",
        "Contracts are in English only; most workers read Burmese or Khmer.",
    ),
)


def generate_audits(
    n_audits: int = 12, seed: int = 11, *, as_of: date = date(2026, 11, 1)
) -> pd.DataFrame:
    """Rows of audits (one row per finding; an audit without findings has one row)."""
    suppliers = generate_suppliers(300)
    usable = _importable(suppliers)
    rng = np.random.default_rng(seed)
    rows = []
    for n, pos in enumerate(rng.choice(usable, size=n_audits, replace=False)):
        supplier = suppliers.iloc[int(pos)]
        by_name = n % 4 == 3
        audit = {
            "Supplier ID": None if by_name else supplier["Supplier ID"],
            "Supplier Name": supplier["Supplier Name"],
            "Country": supplier["Country"],
            "Audit Date": as_of - timedelta(days=int(rng.integers(20, 400))),
            "Standard": STANDARDS[n % len(STANDARDS)],
            "Auditor": FIRMS[n % len(FIRMS)],
            "Reference": f"AUD-{2026}-{n + 1:04d}",
        }
        picks = rng.choice(len(FINDINGS), size=int(rng.integers(0, 3)), replace=False)
        audit["Result"] = (
            "failed"
            if any(FINDINGS[p][1] == "critical" for p in picks)
            else ("conditional" if len(picks) else "passed")
        )
        for p in picks if len(picks) else [None]:
            finding = dict(zip(HEADERS[8:], FINDINGS[p], strict=True)) if p is not None else {}
            rows.append({**audit, **finding})
    return pd.DataFrame(rows, columns=list(HEADERS))


def _importable(suppliers: pd.DataFrame) -> list[int]:
    """Positions of the rows the supplier intake accepts (so every audit names a real supplier),
    leaving out the rows named like listed entities."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suppliers.xlsx"
        write_xlsx(suppliers, path)
        valid = set(read_upload(path).frame["supplier_id"].dropna())
    skip = set(suppliers.attrs["lookalike_rows"])
    ids = suppliers["Supplier ID"]
    return [i for i in range(len(suppliers)) if ids.iat[i] in valid and i not in skip]


def write_audits_xlsx(df: pd.DataFrame, path: str | Path) -> None:
    """Write the rows as an .xlsx (strings stay strings; dates as dates)."""
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as book:
        sheet = book.add_worksheet("Audit results")
        bold, day = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, HEADERS, bold)
        for r, row in enumerate(df.itertuples(index=False), start=1):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), day)
                elif isinstance(value, str):
                    sheet.write_string(r, c, safe_cell(value))
        sheet.set_column(0, len(HEADERS) - 1, 18)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=12)
    parser.add_argument("--out", type=Path, default=Path("sample_data/audits_example.xlsx"))
    args = parser.parse_args(argv)
    write_audits_xlsx(generate_audits(args.audits), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
