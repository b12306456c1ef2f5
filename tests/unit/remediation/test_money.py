"""Remedy money: exact Decimal parsing and per-currency totals (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from supplychain.services.errors import ServiceError
from supplychain.services.remediation.money import LedgerLine, parse_amount, parse_currency, totals


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("1250.5", "1250.50"),
        ("1,250.50", "1250.50"),
        ("12,345,678", "12345678.00"),
        (0, "0.00"),
        ("  7 ", "7.00"),
        (Decimal("0.10"), "0.10"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_amounts_parse_exactly(given: object, expected: str) -> None:
    assert parse_amount(given) == Decimal(expected)
    assert str(parse_amount(given)) == expected


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (0.1, "not a float"),
        ("-5", "zero or more"),
        ("12.345", "more than two decimals"),
        ("ten", "not a number"),
        ("NaN", "not a number"),
        ("1e15", "not a number"),
        ("1,50", "not a number"),  # a decimal comma: not 150
        ("1.250,50", "not a number"),
        ("12,50.00", "not a number"),
        ("1000000000000", "too large"),
    ],
)
def test_bad_amounts_are_refused(given: object, problem: str) -> None:
    with pytest.raises(ServiceError, match=problem):
        parse_amount(given)


def test_currency_codes_are_iso_4217() -> None:
    assert parse_currency(" usd ") == "USD"
    for bad in ("US", "XYZ", "", "dollars"):
        with pytest.raises(ServiceError, match="ISO 4217"):
            parse_currency(bad)


def test_totals_never_add_currencies_together_and_stay_exact() -> None:
    lines = [
        LedgerLine("recruitment_fees", "USD", Decimal("0.10"), Decimal("0.10"), 3),
        LedgerLine("recruitment_fees", "USD", Decimal("0.20"), Decimal("0"), 2),
        LedgerLine("wages", "USD", Decimal("1000.00"), Decimal("250.25"), 4),
        LedgerLine("wages", "EUR", Decimal("99.99"), Decimal("99.99"), 1),
    ]
    usd, eur = totals(lines)[1], totals(lines)[0]
    assert (eur.currency, usd.currency) == ("EUR", "USD")
    assert usd.owed == Decimal("1000.30") and usd.repaid == Decimal("250.35")
    assert usd.outstanding == Decimal("749.95")
    assert usd.by_kind["recruitment_fees"].owed == Decimal("0.30")
    assert usd.by_kind["recruitment_fees"].workers == 5
    assert eur.as_dict() == {
        "currency": "EUR",
        "owed": "99.99",
        "repaid": "99.99",
        "outstanding": "0.00",
        "entries": 1,
        "by_kind": {"wages": {"owed": "99.99", "repaid": "99.99", "workers_affected": 1}},
    }
    assert totals([]) == []
