"""The filter values a dashboard callback receives, cleaned before they reach SQL.

Callback inputs come from the browser and can be anything: every value is type-checked here, and
`queries.allowed_filters` then keeps only the values that exist for the signed-in company (a
tampered dropdown value is dropped, never trusted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from supplychain.domain.fields import TIERS

MISSING: Final = "(not given)"  # option value for suppliers whose sector or chain tier is empty
MAX_VALUES: Final = 300


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    chain_tiers: tuple[str, ...] = ()  # "1", "2", ... or MISSING


def from_inputs(
    start: Any = None,
    end: Any = None,
    countries: Any = None,
    sectors: Any = None,
    tiers: Any = None,
    chain_tiers: Any = None,
) -> Filters:
    """Type-check raw callback values; anything malformed is ignored."""
    date_from, date_to = parse_date(start), parse_date(end)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return Filters(
        date_from=date_from,
        date_to=date_to,
        countries=_strings(countries, max_len=2),
        sectors=_strings(sectors, max_len=50),
        tiers=tuple(t for t in _strings(tiers, max_len=10) if t in TIERS),
        chain_tiers=tuple(
            v for v in _strings(chain_tiers, max_len=len(MISSING)) if v.isdigit() or v == MISSING
        ),
    )


def parse_date(value: Any) -> date | None:
    """An ISO date (or the date part of an ISO datetime) from a date picker; else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _strings(value: Any, *, max_len: int) -> tuple[str, ...]:
    """A list of short strings, de-duplicated, in the order given."""
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        return ()
    out: list[str] = []
    for item in value[:MAX_VALUES]:
        text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
        if isinstance(text, str) and 0 < len(text) <= max_len and text not in out:
            out.append(text)
    return tuple(out)
