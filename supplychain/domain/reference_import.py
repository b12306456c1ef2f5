"""Import a newer edition of a reference list from a file (``supplychain lists import KIND FILE``).

Supported kinds:
- ``uflpa_entity_list``: CSV with a name column (``name`` or ``entity_name``) and optional
  ``aliases`` (separated by ``;``), ``date`` / ``effective_date`` (ISO date), ``country``,
  ``iso2``.
- ``dol_goods``: CSV or xlsx with ``country``, ``good``, ``child_labor``, ``forced_labor`` and
  optional ``iso2``, ``forced_child_labor``, ``downstream_good``, ``input_source_country``,
  ``input_source_iso2``, ``sector``, ``edition_year``, ``dol_region``. Flags accept true/false,
  yes/no, x/blank, 1/0.

The file is validated (errors name the file, row and column), written normalised to
``store_dir/<kind>/<edition>.csv`` with a ``<edition>.yaml`` sidecar, and returned as an Edition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pycountry
import yaml

from supplychain.domain.reference import (
    Edition,
    ReferenceDataError,
    sha256_file,
    stored_editions,
)

IMPORTABLE_KINDS = ("uflpa_entity_list", "dol_goods")
_EDITION_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?([-.][A-Za-z0-9]+)*$")
_TRUE = {"true", "yes", "y", "x", "1"}
_FALSE = {"false", "no", "n", "", "0"}
_COUNTRY_OVERRIDES = {
    "burma": "MM",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "ivory coast": "CI",
    "north korea": "KP",
    "south korea": "KR",
    "russia": "RU",
    "turkey": "TR",
    "türkiye": "TR",
    "west bank and the gaza strip": "PS",
    "kosovo": "",
}
UFLPA_COLUMNS = ["entity_name", "aliases", "effective_date", "country", "iso2", "corroboration"]
DOL_COLUMNS = [
    "edition_year",
    "country",
    "iso2",
    "good",
    "sector",
    "child_labor",
    "forced_labor",
    "forced_child_labor",
    "downstream_good",
    "input_source_country",
    "input_source_iso2",
    "dol_region",
]


def _excel_column(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Table:
    """A raw table with its file name and header positions, for precise error messages."""

    def __init__(self, path: Path, frame: pd.DataFrame) -> None:
        self.path = path
        self.headers = [str(h).strip() for h in frame.columns]
        keys = [re.sub(r"[\s/-]+", "_", h.casefold()) for h in self.headers]
        self.frame = frame.set_axis(keys, axis=1)
        self.positions = {k: i for i, k in enumerate(keys)}

    def fail(self, message: str, row: int | None = None, key: str | None = None) -> None:
        where = f"{self.path.name}"
        if row is not None:
            where += f", row {row}"
        if key is not None and key in self.positions:
            pos = self.positions[key]
            where += f", column {_excel_column(pos)} ({self.headers[pos]!r})"
        raise ReferenceDataError(f"{where}: {message}")

    def column(self, *names: str, required: bool = True) -> str | None:
        for name in names:
            if name in self.positions:
                return name
        if required:
            self.fail(f"missing required column {names[0]!r} (headers: {', '.join(self.headers)})")
        return None

    def text(self, key: str | None) -> pd.Series:
        if key is None:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype="str")
        return self.frame[key].fillna("").astype("str").str.normalize("NFKC").str.strip()

    def row_of(self, position: int) -> int:
        return position + 2


def _read(path: Path) -> _Table:
    if not path.is_file():
        raise ReferenceDataError(f"{path}: file not found.")
    suffix = path.suffix.casefold()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
            frame = pd.read_excel(path, dtype=str, engine="calamine").fillna("")
        else:
            raise ReferenceDataError(
                f"{path.name}: unsupported file type {suffix!r} (CSV or xlsx)."
            )
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        if isinstance(exc, ReferenceDataError):
            raise
        raise ReferenceDataError(f"{path.name}: cannot be read as a table ({exc}).") from exc
    if frame.empty:
        raise ReferenceDataError(f"{path.name}: has no data rows.")
    return _Table(path, frame)


def _check_dates(table: _Table, key: str | None) -> pd.Series:
    text = table.text(key)
    parsed = pd.to_datetime(text.where(text != ""), format="%Y-%m-%d", errors="coerce")
    bad = (text != "") & parsed.isna()
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        table.fail(f"{text.iloc[pos]!r} is not a date (YYYY-MM-DD)", table.row_of(pos), key)
    return text


def _iso2_from_country(table: _Table, country: pd.Series, iso_key: str | None) -> pd.Series:
    given = table.text(iso_key).str.upper()
    known = {c.alpha_2 for c in pycountry.countries}
    out = []
    for pos, (iso, name) in enumerate(zip(given.tolist(), country.tolist(), strict=True)):
        if iso:
            if iso not in known:
                table.fail(f"{iso!r} is not an ISO 3166-1 alpha-2 code", table.row_of(pos), iso_key)
            out.append(iso)
            continue
        out.append(_lookup_country(name))
    return pd.Series(out, index=country.index, dtype="str")


def _lookup_country(name: str) -> str:
    key = name.casefold()
    if key in _COUNTRY_OVERRIDES:
        return _COUNTRY_OVERRIDES[key]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return ""


def _flags(table: _Table, key: str | None) -> pd.Series:
    text = table.text(key).str.casefold()
    bad = ~text.isin(_TRUE | _FALSE)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        table.fail(f"{text.iloc[pos]!r} is not a yes/no flag", table.row_of(pos), key)
    return text.isin(_TRUE).map({True: "true", False: "false"})


def _require_text(table: _Table, key: str, values: pd.Series) -> None:
    empty = values == ""
    if empty.any():
        pos = int(empty.to_numpy().nonzero()[0][0])
        table.fail("is empty", table.row_of(pos), key)


def _normalise_uflpa(table: _Table) -> tuple[pd.DataFrame, str | None]:
    name_key = table.column("entity_name", "name", "entity")
    names = table.text(name_key)
    _require_text(table, name_key, names)
    aliases = table.text(table.column("aliases", "alias", required=False))
    aliases = aliases.str.replace(r"\s*[;|]\s*", "; ", regex=True)
    dates = _check_dates(table, table.column("effective_date", "date", required=False))
    country = table.text(table.column("country", required=False))
    iso2 = _iso2_from_country(table, country, table.column("iso2", required=False))
    out = pd.DataFrame(
        {
            "entity_name": names,
            "aliases": aliases,
            "effective_date": dates,
            "country": country,
            "iso2": iso2,
            "corroboration": "imported",
        }
    )
    latest = dates[dates != ""].max() if (dates != "").any() else None
    return out[UFLPA_COLUMNS], latest


def _normalise_dol(table: _Table) -> tuple[pd.DataFrame, str | None]:
    country_key = table.column("country", "country_area")
    good_key = table.column("good", "goods")
    country, good = table.text(country_key), table.text(good_key)
    _require_text(table, country_key, country)
    _require_text(table, good_key, good)
    iso2 = _iso2_from_country(table, country, table.column("iso2", required=False))
    missing = iso2 == ""
    if missing.any():
        pos = int(missing.to_numpy().nonzero()[0][0])
        table.fail(
            f"country {country.iloc[pos]!r} has no ISO code; add an iso2 column",
            table.row_of(pos),
            country_key,
        )
    out = pd.DataFrame({"country": country, "iso2": iso2, "good": good})
    for flag in ("child_labor", "forced_labor"):
        out[flag] = _flags(table, table.column(flag))
    for flag in ("forced_child_labor", "downstream_good"):
        out[flag] = _flags(table, table.column(flag, required=False))
    out["input_source_country"] = table.text(table.column("input_source_country", required=False))
    out["input_source_iso2"] = table.text(
        table.column("input_source_iso2", required=False)
    ).str.upper()
    out["sector"] = table.text(table.column("sector", required=False))
    out["dol_region"] = table.text(table.column("dol_region", "region", required=False))
    year = table.text(table.column("edition_year", "year", required=False))
    out["edition_year"] = year
    latest = year[year != ""].max() if (year != "").any() else None
    return out[DOL_COLUMNS], latest


_NORMALISERS: dict[str, Callable[[_Table], tuple[pd.DataFrame, str | None]]] = {
    "uflpa_entity_list": _normalise_uflpa,
    "dol_goods": _normalise_dol,
}
_TITLES = {
    "uflpa_entity_list": "DHS UFLPA Entity List (imported)",
    "dol_goods": "US DOL ILAB TVPRA List of Goods (imported)",
}


def import_reference_list(
    kind: str, file: Path | str, store_dir: Path | str, edition: str | None = None
) -> Edition:
    """Validate ``file`` and store it as a new edition of ``kind`` under ``store_dir``.

    ``edition`` defaults to the newest date (UFLPA) or edition year (DOL) in the file, else today's
    date. Refuses to overwrite an existing edition with different content.
    """
    if kind not in _NORMALISERS:
        raise ReferenceDataError(
            f"Unknown reference list kind {kind!r} (importable: {', '.join(IMPORTABLE_KINDS)})."
        )
    path, store = Path(file), Path(store_dir)
    frame, latest = _NORMALISERS[kind](_read(path))
    now = datetime.now(UTC)
    edition = edition or latest or now.date().isoformat()
    if not _EDITION_RE.match(edition):
        raise ReferenceDataError(
            f"Edition {edition!r} must look like YYYY, YYYY-MM-DD or 2025-03-01-b."
        )
    target_dir = store / kind
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{edition}.csv"
    content = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if target.exists() and target.read_bytes() != content:
        raise ReferenceDataError(
            f"{target}: edition {edition!r} of {kind} already exists with other content; "
            "pass another edition name."
        )
    target.write_bytes(content)
    sidecar = {
        "kind": kind,
        "edition": edition,
        "title": _TITLES[kind],
        "source_file": path.name,
        "source_sha256": sha256_file(path),
        "sha256": sha256_file(target),
        "rows": len(frame),
        "imported_at": now.isoformat(timespec="seconds"),
        "imported": True,
        "confidence": "as supplied by the importer",
        "caveats": [],
    }
    target.with_suffix(".yaml").write_text(
        yaml.safe_dump(sidecar, sort_keys=True), encoding="utf-8"
    )
    return next(e for e in stored_editions(store, kind) if e.edition == edition)
