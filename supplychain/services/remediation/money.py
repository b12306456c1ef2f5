"""Money for the worker remedy ledger: exact Decimal amounts, totals kept per currency.

Pure functions: no database, no floats. Different currencies are never added together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

import pycountry

from supplychain.services.errors import ServiceError

CENT: Final = Decimal("0.01")
# digits with an optional point, or thousands set off by commas: 1250.50, 1,250.50, -5
_PLAIN: Final = re.compile(r"-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?")
MAX_AMOUNT: Final = Decimal("999999999999.99")  # Numeric(14, 2)


def parse_amount(value: Any, label: str = "amount") -> Decimal:
    """A non-negative amount with at most two decimals; text, int or Decimal (never a float)."""
    if isinstance(value, float):
        raise ServiceError(f"The {label} must be given as text or a whole number, not a float.")
    text = str(value if value is not None else "").strip()
    if text and not _PLAIN.fullmatch(text):
        # "1,50" is one and a half to many people, and 150 with the commas dropped: refuse it
        raise ServiceError(f"The {label} {text!r} is not a number; write it like 1250.50.")
    amount = Decimal(text.replace(",", "") or "0")
    if amount < 0:
        raise ServiceError(f"The {label} must be zero or more.")
    if amount != amount.quantize(CENT):
        raise ServiceError(f"The {label} {text} has more than two decimals.")
    if amount > MAX_AMOUNT:
        raise ServiceError(f"The {label} {text} is too large.")
    return amount.quantize(CENT)


def parse_currency(value: Any) -> str:
    """An ISO 4217 currency code, upper case."""
    code = str(value or "").strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        shown = code or "an empty value"
        raise ServiceError(f"The currency {shown!r} is not an ISO 4217 code (e.g. USD, EUR).")
    return code


@dataclass
class KindTotal:
    """Totals of one kind of remedy (recruitment fees, wages) in one currency. Workers are
    counted per kind: the same workers may be owed both fees and wages."""

    owed: Decimal = Decimal("0.00")
    repaid: Decimal = Decimal("0.00")
    workers: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "owed": str(self.owed),
            "repaid": str(self.repaid),
            "workers_affected": self.workers,
        }


@dataclass
class CurrencyTotal:
    """The ledger totals in one currency."""

    currency: str
    owed: Decimal = Decimal("0.00")
    repaid: Decimal = Decimal("0.00")
    entries: int = 0
    by_kind: dict[str, KindTotal] = field(default_factory=dict)

    @property
    def outstanding(self) -> Decimal:
        return self.owed - self.repaid

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "owed": str(self.owed),
            "repaid": str(self.repaid),
            "outstanding": str(self.outstanding),
            "entries": self.entries,
            "by_kind": {k: t.as_dict() for k, t in self.by_kind.items()},
        }


@dataclass(frozen=True)
class LedgerLine:
    """One remedy entry as the totals see it."""

    kind: str
    currency: str
    owed: Decimal
    repaid: Decimal
    workers: int


def totals(lines: Iterable[LedgerLine]) -> list[CurrencyTotal]:
    """Totals per currency (sorted by currency code); amounts summed as Decimal."""
    out: dict[str, CurrencyTotal] = {}
    for line in lines:
        total = out.setdefault(line.currency, CurrencyTotal(line.currency))
        owed, repaid = Decimal(line.owed).quantize(CENT), Decimal(line.repaid).quantize(CENT)
        kind = total.by_kind.setdefault(line.kind, KindTotal())
        for part in (total, kind):
            part.owed += owed
            part.repaid += repaid
        kind.workers += line.workers
        total.entries += 1
    return [out[c] for c in sorted(out)]
