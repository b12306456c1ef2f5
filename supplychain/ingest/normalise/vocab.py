"""Sectors (taxonomy codes) and goods (DOL List of Goods names), both kept as data."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

from rapidfuzz import process, utils

from supplychain.ingest.mapping import normalise_header
from supplychain.ingest.normalise.core import EMPTY, Outcome, bad, ok
from supplychain.ingest.reference import REFERENCE, TAXONOMY, load_csv, load_yaml

SECTORS_FILE: Final = TAXONOMY / "sectors.yaml"
GOODS_FILE: Final = REFERENCE / "dol_ilab_tvpra_list_of_goods_2022.csv"
GOODS_SYNONYMS_FILE: Final = TAXONOMY / "goods_synonyms.csv"
_GOODS_SPLIT: Final = re.compile(r"[;,|\n]+")


@cache
def sector_table() -> dict[str, str]:
    """Normalised code, label or synonym -> sector code."""
    table: dict[str, str] = {}
    for sector in load_yaml(SECTORS_FILE)["sectors"]:
        for alias in (sector["code"], sector["label"], *sector.get("synonyms", [])):
            table.setdefault(normalise_header(alias), sector["code"])
    return table


def sector(value: Any) -> Outcome:
    """A sector name or synonym -> code; of several ('Apparel|Health') the first is kept."""
    if not isinstance(value, str):
        return bad("expected a sector name")
    code = sector_table().get(normalise_header(value))
    if code:
        return ok(code)
    parts = [p.strip() for p in _GOODS_SPLIT.split(value) if p.strip()]
    codes = [sector_table().get(normalise_header(p)) for p in parts]
    if len(parts) > 1 and all(codes):
        return ok(codes[0], f"several sectors given; {codes[0]} (the first) was used")
    match = process.extractOne(
        value, tuple(sector_table()), processor=utils.default_process, score_cutoff=75
    )
    hint = f"; did you mean {sector_table()[match[0]]}?" if match else ""
    return bad(f"unknown sector{hint} (see the sector list in the template)")


@cache
def goods_table() -> dict[str, str]:
    """Normalised good name or synonym -> the name as spelled in the DOL List of Goods."""
    table = {normalise_header(row["good"]): row["good"] for row in load_csv(GOODS_FILE)}
    for row in load_csv(GOODS_SYNONYMS_FILE):
        table.setdefault(normalise_header(row["synonym"]), row["good"])
    return table


def goods(value: Any) -> Outcome:
    """'cotton; Garments' -> ('Cotton', 'Garments'); goods not on the list are kept as written."""
    if value is None:
        return EMPTY
    if not isinstance(value, str):
        return bad("expected the names of goods, separated by ';'")
    table = goods_table()
    names: list[str] = []
    for part in _GOODS_SPLIT.split(value):
        part = part.strip()
        if part:
            name = table.get(normalise_header(part), part)
            if name not in names:
                names.append(name)
    return ok(tuple(names))
