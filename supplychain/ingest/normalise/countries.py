"""Countries to ISO 3166-1 alpha-2: pycountry plus an alias table kept as data."""

from __future__ import annotations

from functools import cache
from typing import Any, Final

import pycountry
from rapidfuzz import process, utils

from supplychain.ingest.mapping import normalise_header
from supplychain.ingest.normalise.core import Outcome, bad, ok
from supplychain.ingest.reference import TAXONOMY, load_csv

ALIASES_FILE: Final = TAXONOMY / "country_aliases.csv"
_NAME_ATTRS: Final = ("name", "official_name", "common_name")


@cache
def country_table() -> dict[str, str]:
    """Normalised name or code -> alpha-2."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        table[normalise_header(code)] = code
        table[normalise_header(country.alpha_3)] = code
        for attr in _NAME_ATTRS:
            if hasattr(country, attr):
                table.setdefault(normalise_header(getattr(country, attr)), code)
    for row in load_csv(ALIASES_FILE):
        table[normalise_header(row["alias"])] = row["iso2"].strip().upper()
    return table


@cache
def _names() -> tuple[str, ...]:
    return tuple(k for k in country_table() if len(k) > 3)


def suggest(value: str) -> str | None:
    """The closest known country name, or None."""
    match = process.extractOne(value, _names(), processor=utils.default_process, score_cutoff=70)
    if not match:
        return None
    code = country_table()[match[0]]
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else match[0]


def country(value: Any) -> Outcome:
    """A country name, alias or ISO code -> alpha-2; unknown values get a suggestion."""
    if not isinstance(value, str):
        return bad("expected a country name or ISO code")
    code = country_table().get(normalise_header(value))
    if code:
        return ok(code)
    hint = suggest(value)
    tail = f"; did you mean {hint}?" if hint else "; use the country name or ISO code"
    return bad(f"unknown country{tail}")
