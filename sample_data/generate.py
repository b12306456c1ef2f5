"""Generate SYNTHETIC supplier lists shaped like a buyer's ERP export, of any size.

Every company is invented. A few names are deliberately close to names on the UFLPA Entity List and
are marked "synthetic test record" in Notes, so that screening has something to find.

    python -m sample_data.generate --rows 300 --out sample_data/demo_suppliers.xlsx

Columns are built with numpy (one vectorised draw per group, never a Python loop per row), so 1M
rows take seconds. Output depends only on ``n``, ``seed``, ``bad_rows`` and ``as_of``.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import operator
import string
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import xlsxwriter
import yaml

from sample_data.profiles import (
    GENERAL_CERTIFICATIONS,
    GENERAL_STANDARDS,
    NAME_INDUSTRY,
    NAME_STYLES,
    NOTES,
    ORIGINS,
    SECTOR_CERTIFICATIONS,
    SECTOR_STANDARDS,
    SECTOR_WORDS,
    UFLPA_LOOKALIKES,
    UFLPA_NOTE,
)

COLUMNS: Final[tuple[str, ...]] = (
    "Supplier ID",
    "Supplier Name",
    "Country",
    "Address",
    "City",
    "Province/State",
    "Sector",
    "Goods",
    "Tier",
    "Parent Company",
    "Workers",
    "Migrant Workers %",
    "Annual Spend",
    "Currency",
    "Last Audit Date",
    "Audit Result",
    "Audit Standard",
    "Certifications",
    "Website",
    "Notes",
)
DEFAULT_AS_OF: Final[date] = date(2026, 11, 1)
BAD_ROW_KINDS: Final[tuple[str, ...]] = (
    "empty_name",
    "unknown_country",
    "ambiguous_date",
    "negative_workers",
    "percent_over_100",
    "script_website",
    "formula_name",
    "duplicate",
    "text_in_number",
)
BAD_ROW_SHARE: Final[float] = 0.03
LOOKALIKE_EVERY: Final[int] = 100
GOODS_SEPARATOR: Final[str] = "; "
TAXONOMY: Final[Path] = Path(__file__).resolve().parents[1] / "risk_rules/taxonomy/sectors.yaml"

_EXCEL_EPOCH: Final[np.datetime64] = np.datetime64("1899-12-30", "ns")
_DAY: Final[np.timedelta64] = np.timedelta64(1, "D")
_CREATED: Final[datetime] = datetime(2026, 1, 1)  # fixed, so regenerated files are byte-identical


# --------------------------------------------------------------------------- categorical tables


@dataclass(frozen=True, slots=True)
class Table:
    """A categorical distribution: values (an object array) and their probabilities."""

    values: np.ndarray
    p: np.ndarray | None = None


def _objects(values: Sequence[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


def table(values: Sequence[Any], weights: Sequence[float] | None = None) -> Table:
    """A :class:`Table` of ``values``; ``weights`` need not sum to one."""
    if weights is None:
        return Table(_objects(values))
    p = np.asarray(weights, dtype=float)
    return Table(_objects(values), p / p.sum())


def falling(values: Sequence[Any]) -> Table:
    """A table where earlier values are more likely (weights 1, 1/2, 1/3, ...)."""
    return table(values, [1.0 / (i + 1) for i in range(len(values))])


def combos(
    items: Sequence[str], max_k: int = 3, k_weights: Sequence[float] = (0.6, 0.3, 0.1)
) -> Table:
    """All "; "-joined combinations of 1..max_k items, fewer items being more likely."""
    values: list[str] = []
    weights: list[float] = []
    for k in range(1, min(max_k, len(items)) + 1):
        group = [GOODS_SEPARATOR.join(c) for c in itertools.combinations(items, k)]
        values += group
        weights += [k_weights[k - 1] / len(group)] * len(group)
    return table(values, weights)


def pick(rng: np.random.Generator, tab: Table, size: int) -> np.ndarray:
    """Draw ``size`` values from ``tab``."""
    return tab.values[rng.choice(len(tab.values), size, p=tab.p)]


def pick_by(rng: np.random.Generator, codes: np.ndarray, tables: Sequence[Table]) -> np.ndarray:
    """For each row draw from ``tables[codes[row]]``: one vectorised draw per group."""
    out = np.empty(len(codes), dtype=object)
    for code, tab in enumerate(tables):
        rows = np.flatnonzero(codes == code)
        if rows.size:
            out[rows] = pick(rng, tab, rows.size)
    return out


def concat(*parts: np.ndarray | str) -> np.ndarray:
    """Element-wise string concatenation of object arrays and constant strings."""
    return functools.reduce(operator.add, parts)


def fill(template: str, **fields: np.ndarray) -> np.ndarray:
    """Element-wise ``template.format(**fields)`` for object arrays of strings."""
    parts: list[np.ndarray | str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(fields[name])
    return concat(*parts)


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the generator draws from, flattened into index tables."""

    origins: Table  # origin index by weight
    spellings: list[Table]  # per origin: how the country is written
    cities: list[Table]  # per origin: global city index
    city_names: np.ndarray
    city_regions: np.ndarray
    products: list[Table]  # per origin: global product index
    product_sector: np.ndarray  # product index -> sector index
    goods: list[Table]  # per product
    cores: list[Table]  # per origin: global name core index
    core_names: np.ndarray
    core_slugs: np.ndarray
    legal: list[Table]  # per origin: index into origin's legal forms
    sectors: tuple[str, ...]
    sector_labels: list[Table]
    industry: list[Table]
    standards: list[Table]
    certifications: list[Table]


def _slug(name: str) -> str:
    ascii_name = name.translate(str.maketrans("ışçöüğŞÇÖÜĞİ", "iscougSCOUGI"))
    return "".join(ch for ch in ascii_name.lower() if ch.isascii() and ch.isalnum())


def _taxonomy_labels() -> dict[str, str]:
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    return {s["code"]: s["label"] for s in data["sectors"]}


def _sector_tables(sectors: Sequence[str]) -> dict[str, list[Table]]:
    labels = _taxonomy_labels()
    return {
        "sector_labels": [
            table((labels[s], *SECTOR_WORDS[s]), [1.0] + [1.5] * len(SECTOR_WORDS[s]))
            for s in sectors
        ],
        "industry": [table(NAME_INDUSTRY[s]) for s in sectors],
        "standards": [table(SECTOR_STANDARDS.get(s, GENERAL_STANDARDS)) for s in sectors],
        "certifications": [
            combos(SECTOR_CERTIFICATIONS.get(s, GENERAL_CERTIFICATIONS), 2, (0.7, 0.3))
            for s in sectors
        ],
    }


def _name_cores() -> tuple[dict[str, list[int]], list[str]]:
    by_style: dict[str, list[int]] = {}
    names: list[str] = []
    for style_name, style in NAME_STYLES.items():
        start = len(names)
        names += [a + style.joiner + b for a in style.first for b in style.second]
        by_style[style_name] = list(range(start, len(names)))
    return by_style, names


@functools.cache
def catalog() -> Catalog:
    """Build (once) the flattened lookup tables from :mod:`sample_data.profiles`."""
    sectors = tuple(SECTOR_WORDS)
    origins = list(ORIGINS.values())
    city_rows = [(o_i, c, r) for o_i, o in enumerate(origins) for c, r in o.cities]
    product_rows = [(o_i, s, g) for o_i, o in enumerate(origins) for s, g in o.products]
    cores_by_style, core_names = _name_cores()
    return Catalog(
        origins=table(origins, [o.weight for o in origins]),
        spellings=[
            table([s for s, _ in o.spellings], [w for _, w in o.spellings]) for o in origins
        ],
        cities=[table(_indices(city_rows, o_i)) for o_i in range(len(origins))],
        city_names=_objects([c for _, c, _ in city_rows]),
        city_regions=_objects([r for _, _, r in city_rows]),
        products=[falling(_indices(product_rows, o_i)) for o_i in range(len(origins))],
        product_sector=np.array([sectors.index(s) for _, s, _ in product_rows]),
        goods=[combos(g) for _, _, g in product_rows],
        cores=[table(cores_by_style[o.style]) for o in origins],
        core_names=_objects(core_names),
        core_slugs=_objects([_slug(c) for c in core_names]),
        legal=[table(range(len(o.legal))) for o in origins],
        sectors=sectors,
        **_sector_tables(sectors),
    )


def _indices(rows: Sequence[tuple[Any, ...]], origin: int) -> list[int]:
    return [i for i, row in enumerate(rows) if row[0] == origin]


# --------------------------------------------------------------------------- column builders


def _origin_attr(origin: np.ndarray, attr: str) -> np.ndarray:
    values = _objects([getattr(o, attr) for o in ORIGINS.values()])
    return values[origin]


def _legal_parts(origin: np.ndarray, legal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    forms = [o.legal for o in ORIGINS.values()]
    before = np.empty(len(origin), dtype=object)
    after = np.empty(len(origin), dtype=object)
    for o_i, pairs in enumerate(forms):
        for l_i, (lead, tail) in enumerate(pairs):
            rows = np.flatnonzero((origin == o_i) & (legal == l_i))
            before[rows], after[rows] = lead, tail
    return before, after


def _addresses(rng: np.random.Generator, origin: np.ndarray) -> np.ndarray:
    out = np.empty(len(origin), dtype=object)
    for o_i, o in enumerate(ORIGINS.values()):
        rows = np.flatnonzero(origin == o_i)
        if rows.size:
            numbers = _objects(rng.integers(1, 999, rows.size).astype(str).tolist())
            out[rows] = fill(o.address, n=numbers, s=pick(rng, table(o.streets), rows.size))
    return out


def _maybe(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """``values`` where a coin with P(keep) = ``share`` comes up, else None."""
    out = values.astype(object, copy=True)
    out[rng.random(len(values)) >= share] = None
    return out


def _supplier_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    ids = int(rng.integers(100_000, 200_000)) + np.cumsum(rng.integers(1, 4, n))
    return pd.Series(ids).astype(str).str.zfill(10).to_numpy(dtype=object, copy=True)


def _names(
    rng: np.random.Generator,
    cat: Catalog,
    origin: np.ndarray,
    sector: np.ndarray,
    core: np.ndarray,
    city: np.ndarray,
) -> np.ndarray:
    before, after = _legal_parts(origin, pick_by(rng, origin, cat.legal).astype(int))
    city_share = _origin_attr(origin, "city_in_name").astype(float)
    city_part = np.where(rng.random(len(origin)) < city_share, concat(city, " "), "")
    industry = pick_by(rng, sector, cat.industry)
    return concat(before, city_part.astype(object), core, " ", industry, after)


def _parents(rng: np.random.Generator, core: np.ndarray) -> np.ndarray:
    kind = pick(rng, table(("Group", "Holdings", "International Ltd.")), len(core))
    return _maybe(rng, concat(core, " ", kind), 0.2)


def _websites(rng: np.random.Generator, origin: np.ndarray, slug: np.ndarray) -> np.ndarray:
    scheme = pick(rng, table(("https://www.", "http://www.", "www."), (6, 1, 3)), len(slug))
    return _maybe(rng, concat(scheme, slug, _origin_attr(origin, "tld")), 0.75)


def _migrant_pct(rng: np.random.Generator, origin: np.ndarray) -> np.ndarray:
    mean = _origin_attr(origin, "migrant_pct").astype(float)
    pct = np.clip(np.round(rng.gamma(2.0, mean / 2.0), 1), 0.0, 100.0)
    pct[rng.random(len(origin)) < 0.35] = np.nan
    return pct


def _spend(rng: np.random.Generator, tier: np.ndarray) -> np.ndarray:
    spend = np.round(rng.lognormal(11.5, 1.6, len(tier)), 2)
    spend[(tier >= 3) & (rng.random(len(tier)) < 0.5)] = np.nan
    return spend


def _currencies(rng: np.random.Generator, origin: np.ndarray) -> np.ndarray:
    eur = rng.random(len(origin)) < _origin_attr(origin, "eur_share").astype(float)
    return np.where(eur, "EUR", "USD").astype(object)


def _audits(
    rng: np.random.Generator, cat: Catalog, tier: np.ndarray, sector: np.ndarray, as_of: date
) -> dict[str, Any]:
    n = len(tier)
    audited = rng.random(n) < np.array([0.0, 0.85, 0.7, 0.45, 0.3])[tier]
    days = rng.integers(0, 4 * 365, n).astype("timedelta64[D]")
    dates = (np.datetime64(as_of, "D") - days).astype("datetime64[ns]")
    dates[~audited] = np.datetime64("NaT")
    result = pick(rng, table(("Passed", "Conditional", "Failed"), (58, 33, 9)), n)
    result[~audited] = pick(rng, table(("None", None)), int((~audited).sum()))
    standard = pick_by(rng, sector, cat.standards)
    standard[~audited] = None
    return {"Last Audit Date": dates, "Audit Result": result, "Audit Standard": standard}


def _notes(rng: np.random.Generator, origin: np.ndarray) -> np.ndarray:
    notes = _maybe(rng, pick(rng, table(NOTES), len(origin)), 0.12)
    origin_note = _origin_attr(origin, "note")
    marked = origin_note != ""
    notes[marked] = origin_note[marked]
    return notes


Columns = dict[str, np.ndarray]


def _clean_columns(n: int, rng: np.random.Generator, as_of: date) -> Columns:
    cat = catalog()
    origin = pick(rng, table(range(len(cat.origins.values)), cat.origins.p), n).astype(int)
    city_idx = pick_by(rng, origin, cat.cities).astype(int)
    product = pick_by(rng, origin, cat.products).astype(int)
    sector = cat.product_sector[product]
    core_idx = pick_by(rng, origin, cat.cores).astype(int)
    city, core = cat.city_names[city_idx], cat.core_names[core_idx]
    tier = pick(rng, table((1, 2, 3, 4), (55, 27, 13, 5)), n).astype(np.int64)
    columns: Columns = {
        "Supplier ID": _supplier_ids(rng, n),
        "Supplier Name": _names(rng, cat, origin, sector, core, city),
        "Country": pick_by(rng, origin, cat.spellings),
        "Address": _addresses(rng, origin),
        "City": city,
        "Province/State": cat.city_regions[city_idx],
        "Sector": pick_by(rng, sector, cat.sector_labels),
        "Goods": pick_by(rng, product, cat.goods),
        "Tier": tier,
        "Parent Company": _parents(rng, core),
        "Workers": np.clip(np.round(rng.lognormal(5.3, 1.1, n)), 3, 25_000).astype(np.int64),
        "Migrant Workers %": _migrant_pct(rng, origin),
        "Annual Spend": _spend(rng, tier),
        "Currency": _currencies(rng, origin),
        **_audits(rng, cat, tier, sector, as_of),
        "Certifications": _maybe(rng, pick_by(rng, sector, cat.certifications), 0.55),
        "Website": _websites(rng, origin, cat.core_slugs[core_idx]),
        "Notes": _notes(rng, origin),
    }
    return {name: columns[name] for name in COLUMNS}


# --------------------------------------------------------------------------- planted records


def _add_lookalikes(columns: Columns, rng: np.random.Generator) -> np.ndarray:
    """Overwrite ~1% of rows with near-variants of UFLPA Entity List names (marked in Notes)."""
    n = len(columns["Supplier ID"])
    count = n // LOOKALIKE_EVERY if n >= 20 else 0
    rows = np.sort(rng.choice(n, count, replace=False))
    entries = [UFLPA_LOOKALIKES[i % len(UFLPA_LOOKALIKES)] for i in range(count)]
    china = ORIGINS["CN"]
    numbers = _objects(rng.integers(1, 999, count).astype(str).tolist())
    values: dict[str, Any] = {
        "Supplier Name": _objects([e[0] for e in entries]),
        "Country": "China",
        "Address": fill(china.address, n=numbers, s=pick(rng, table(china.streets), count)),
        "City": _objects([e[1] for e in entries]),
        "Province/State": _objects([e[2] for e in entries]),
        "Sector": _objects([SECTOR_WORDS[e[3]][0] for e in entries]),
        "Goods": _objects([e[4] for e in entries]),
        "Parent Company": None,
        "Currency": "USD",
        "Website": None,
        "Notes": UFLPA_NOTE,
    }
    for column, value in values.items():
        columns[column][rows] = value
    return rows


def _bad_count(n: int) -> int:
    return min(n // 2, max(round(n * BAD_ROW_SHARE), len(BAD_ROW_KINDS)))


BadRow = Callable[[Columns, np.ndarray, np.ndarray], None]


def _set(column: str, value: Any) -> BadRow:
    def apply(columns: Columns, rows: np.ndarray, _sources: np.ndarray) -> None:
        columns[column][rows] = value

    return apply


def _copy_rows(columns: Columns, rows: np.ndarray, sources: np.ndarray) -> None:
    for values in columns.values():
        values[rows] = values[sources]


def _negate_workers(columns: Columns, rows: np.ndarray, _sources: np.ndarray) -> None:
    columns["Workers"][rows] = -np.abs(columns["Workers"][rows].astype(np.int64))


BAD_ROWS: Final[Mapping[str, BadRow]] = {
    "empty_name": _set("Supplier Name", None),
    "unknown_country": _set("Country", "Narnia"),
    "ambiguous_date": _set("Last Audit Date", "03/04/2024"),
    "negative_workers": _negate_workers,
    "percent_over_100": _set("Migrant Workers %", 135.0),
    "script_website": _set("Website", "javascript:alert(1)"),
    "formula_name": _set("Supplier Name", '=HYPERLINK("http://example.com/x","Click for invoice")'),
    "duplicate": _copy_rows,
    "text_in_number": _set("Annual Spend", "approx. 25k"),
}
_MIXED_COLUMNS: Final[tuple[str, ...]] = ("Workers", "Annual Spend", "Last Audit Date")


def _add_bad_rows(columns: Columns, rng: np.random.Generator, keep: np.ndarray) -> dict[int, str]:
    """Damage ~3% of rows, cycling through every kind in BAD_ROW_KINDS; returns row -> kind."""
    free = np.ones(len(columns["Supplier ID"]), dtype=bool)
    free[keep] = False
    count = min(_bad_count(len(free)), int(free.sum()) // 2)
    chosen = np.sort(rng.choice(np.flatnonzero(free), count, replace=False))
    free[chosen] = False
    sources = rng.choice(np.flatnonzero(free), count)
    kinds = np.resize(np.arange(len(BAD_ROW_KINDS)), count)
    for column in _MIXED_COLUMNS:
        columns[column] = pd.Series(columns[column]).astype(object).to_numpy(copy=True)
    for k, kind in enumerate(BAD_ROW_KINDS):
        BAD_ROWS[kind](columns, chosen[kinds == k], sources[kinds == k])
    return {int(row): BAD_ROW_KINDS[k] for row, k in zip(chosen, kinds, strict=True)}


# --------------------------------------------------------------------------- public API


def generate_suppliers(
    n: int, seed: int = 7, bad_rows: bool = True, *, as_of: date = DEFAULT_AS_OF
) -> pd.DataFrame:
    """A synthetic supplier list of ``n`` rows with human headers (see :data:`COLUMNS`).

    Deterministic for (n, seed, bad_rows, as_of). Audit dates fall within 4 years before ``as_of``.
    ``df.attrs["bad_rows"]`` maps row position -> kind of damage (empty when ``bad_rows`` is
    False); ``df.attrs["lookalike_rows"]`` lists the rows named like UFLPA-listed entities.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    columns = _clean_columns(n, rng, as_of)
    lookalikes = _add_lookalikes(columns, rng)
    bad = _add_bad_rows(columns, rng, lookalikes) if bad_rows and n >= 2 else {}
    df = pd.DataFrame(columns)
    df.attrs["bad_rows"] = bad
    df.attrs["lookalike_rows"] = lookalikes.tolist()
    return df


def _excel_cells(series: pd.Series) -> list[Any]:
    """Python values for xlsxwriter: str, int/float, Excel date serial (float) or None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        serial = (series.to_numpy(dtype="datetime64[ns]") - _EXCEL_EPOCH) / _DAY
        return [None if np.isnan(v) else v for v in serial.tolist()]
    if series.dtype == object:
        return [_excel_value(v) for v in series.tolist()]
    return series.astype(object).where(series.notna(), None).tolist()


def _excel_value(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return (value.to_datetime64().astype("datetime64[ns]") - _EXCEL_EPOCH) / _DAY
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value


def _column_width(name: str) -> int:
    wide = {
        "Supplier Name": 44,
        "Address": 34,
        "Goods": 36,
        "Certifications": 30,
        "Website": 30,
        "Notes": 40,
        "Parent Company": 26,
    }
    return wide.get(name, max(12, len(name) + 2))


def write_xlsx(df: pd.DataFrame, path: str | Path, sheet_name: str = "Suppliers") -> None:
    """Write ``df`` as one sheet, streaming (constant_memory), dates as real date cells.

    Strings are always written as text (ids keep leading zeros; "=..." is not a formula).
    """
    columns = [_excel_cells(df[c]) for c in df.columns]
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as workbook:
        workbook.set_properties({"title": "SYNTHETIC supplier list", "created": _CREATED})
        sheet = workbook.add_worksheet(sheet_name)
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        formats = [date_format if c == "Last Audit Date" else None for c in df.columns]
        for c, name in enumerate(df.columns):
            sheet.set_column(c, c, _column_width(str(name)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
        sheet.write_row(0, 0, [str(c) for c in df.columns], header)
        _write_body(sheet, columns, formats)


def _write_body(sheet: Any, columns: list[list[Any]], formats: list[Any]) -> None:
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, values in enumerate(zip(*columns, strict=True), start=1):
        for c, value in enumerate(values):
            if value is None:
                continue
            if type(value) is str:
                write_string(r, c, value)
            else:
                write_number(r, c, value, formats[c])


def _iso_dates(series: pd.Series) -> pd.Series:
    def one(value: Any) -> Any:
        return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else value

    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.strftime("%Y-%m-%d")
    return series.map(one)


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as UTF-8 CSV with ISO dates (YYYY-MM-DD)."""
    out = df.copy()
    out["Last Audit Date"] = _iso_dates(out["Last Audit Date"])
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


WRITERS: Final[dict[str, Callable[[pd.DataFrame, Path], None]]] = {
    ".xlsx": write_xlsx,
    ".csv": write_csv,
}


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Write a SYNTHETIC supplier list (invented companies) as .xlsx or .csv.",
    )
    parser.add_argument("--rows", type=int, required=True, help="number of suppliers")
    parser.add_argument("--out", type=Path, required=True, help="output file, .xlsx or .csv")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--clean", action="store_true", help="no deliberately bad rows")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help=f"audit dates fall in the 4 years before this (default {DEFAULT_AS_OF})",
    )
    args = parser.parse_args(argv)
    if args.out.suffix.lower() not in WRITERS:
        parser.error(f"--out must end in {' or '.join(WRITERS)}")
    if args.rows < 0:
        parser.error("--rows must be >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: generate, write, report timings."""
    args = _parse_args(argv)
    start = time.perf_counter()
    df = generate_suppliers(args.rows, seed=args.seed, bad_rows=not args.clean, as_of=args.as_of)
    generated = time.perf_counter()
    WRITERS[args.out.suffix.lower()](df, args.out)
    done = time.perf_counter()
    print(
        f"wrote {len(df)} rows ({len(df.attrs['bad_rows'])} bad, "
        f"{len(df.attrs['lookalike_rows'])} UFLPA look-alikes) to {args.out} "
        f"in {done - start:.1f}s (generate {generated - start:.1f}s, "
        f"write {done - generated:.1f}s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
