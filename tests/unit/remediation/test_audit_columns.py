"""Audit-file cell parsing: ILO indicators and severities (pure)."""

from __future__ import annotations

import pytest

from supplychain.ingest.audits import indicator_table, parse_indicators
from supplychain.ingest.audits.columns import ALIASES, parse_severity

TABLE = indicator_table([(2, "Deception"), (4, "Isolation"), (9, "Debt bondage")])


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("2;4", (2, 4)),
        ("4, 2", (2, 4)),
        ("Deception; Isolation", (2, 4)),
        ("debt  BONDAGE|2", (2, 9)),
        (9, (9,)),
        (9.0, (9,)),
        ("2;2", (2,)),
    ],
)
def test_indicators_by_number_or_name(value: object, ids: tuple[int, ...]) -> None:
    assert parse_indicators(value, TABLE).value == ids


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("12", "'12' is not one of"),
        ("Slavery", "not one of"),
        (";", "no ILO indicator"),
        (None, "expected ILO indicator"),
    ],
)
def test_unknown_indicators_are_errors(value: object, problem: str) -> None:
    assert problem in parse_indicators(value, TABLE).error


def test_severity_words() -> None:
    assert parse_severity(" Critical ").value == "critical"
    assert parse_severity("Zero tolerance").value == "critical"
    assert "unknown severity" in parse_severity("urgent").error


def test_header_aliases_cover_the_documented_columns() -> None:
    for header, field in [
        ("Supplier ID", "supplier_id"),
        ("Audit Date", "audit_date"),
        ("ILO Indicators", "indicators"),
        ("Finding", "finding_title"),
        ("Report reference", "reference"),
        ("Supplier name", "supplier_name"),
    ]:
        assert ALIASES[header.casefold()] == field
