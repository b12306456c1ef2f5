"""Callback values are type-checked before they reach SQL; codes get readable names."""

from __future__ import annotations

from datetime import date

from dashboards.filters import MISSING, from_inputs, parse_date
from dashboards.labels import country_name, indicator_names, iso3, sector_name
from dashboards.queries import months_before
from dashboards.theme import count_axis, money, percent


def test_well_formed_values_are_kept() -> None:
    f = from_inputs(
        "2026-01-01",
        "2026-03-31T00:00:00",
        ["CN", "VN"],
        ["apparel_textiles"],
        ["high", "critical"],
        ["1", 2, MISSING],
    )
    assert (f.date_from, f.date_to) == (date(2026, 1, 1), date(2026, 3, 31))
    assert f.countries == ("CN", "VN") and f.sectors == ("apparel_textiles",)
    assert f.tiers == ("high", "critical") and f.chain_tiers == ("1", "2", MISSING)


def test_malformed_values_are_dropped() -> None:
    f = from_inputs(
        "not a date",
        20260101,
        {"$ne": 1},
        [["nested"], None, "x" * 51],
        ["severe", "high", "high"],
        ["1 OR 1=1", True, -1, "3"],
    )
    assert (f.date_from, f.date_to, f.countries, f.sectors) == (None, None, (), ())
    assert f.tiers == ("high",) and f.chain_tiers == ("3",)
    assert from_inputs(countries=["CHN", "' OR 1=1 --"]).countries == ()


def test_reversed_date_range_is_swapped() -> None:
    f = from_inputs("2026-05-01", "2026-01-01")
    assert (f.date_from, f.date_to) == (date(2026, 1, 1), date(2026, 5, 1))
    assert parse_date("2026-02-30") is None


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_before(date(2026, 11, 27), 24) == date(2024, 11, 27)
    assert months_before(date(2024, 2, 29), 24) == date(2022, 2, 28)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_labels_for_codes() -> None:
    assert (country_name("CN"), iso3("CN"), iso3("XK")) == ("China", "CHN", None)
    assert country_name("XK") == "XK" and country_name("TW") == "Taiwan"
    assert sector_name("apparel_textiles") == "Apparel and textiles"
    assert sector_name(None) == MISSING and sector_name("not-a-code") == "not-a-code"
    names = indicator_names()
    assert len(names) == 11 and names[9] == "Debt bondage"


def test_number_formats() -> None:
    assert money(1_234_567.0, "USD") == "USD 1.2M" and money(999.0) == "999"
    assert money(-2500.0, "EUR") == "EUR -2.5k" and money(None) == "-"
    assert percent(1, 3) == "33.3%" and percent(1, 0) == "-"
    assert count_axis(3, "n")["dtick"] == 1 and "dtick" not in count_axis(500, "n")
