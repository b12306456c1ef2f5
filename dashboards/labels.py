"""Names people read for the codes stored in the database (pure, cached, no Flask)."""

from __future__ import annotations

from functools import cache

import pycountry

from dashboards.filters import MISSING
from supplychain.ingest.reference import REFERENCE, TAXONOMY, load_csv, load_yaml


@cache
def country_name(code: str) -> str:
    """'CN' -> 'China'; an unknown code is shown as it is."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code or MISSING
    return str(getattr(country, "common_name", None) or country.name)


@cache
def iso3(code: str) -> str | None:
    """ISO 3166-1 alpha-2 -> alpha-3, the key of the map's country shapes (None if unknown)."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    return str(country.alpha_3) if country else None


@cache
def sector_labels() -> dict[str, str]:
    return {s["code"]: s["label"] for s in load_yaml(TAXONOMY / "sectors.yaml")["sectors"]}


def sector_name(code: str | None) -> str:
    if not code or code == MISSING:
        return MISSING
    return sector_labels().get(code, code)


@cache
def indicator_names() -> dict[int, str]:
    """The 11 ILO forced-labour indicators by id (risk_rules/reference)."""
    rows = load_csv(REFERENCE / "ilo_forced_labour_indicators.csv")
    return {int(row["indicator_id"]): row["indicator"] for row in rows}
