"""The overview's figure functions on small hand-made frames (no database, no browser)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboards.filters import MISSING
from dashboards.overview import figures
from dashboards.theme import TIER_COLOURS

CUBE_COLUMNS = [
    "country",
    "sector",
    "tier",
    "currency",
    "suppliers",
    "spend",
    "never_audited",
    "expired",
]


def cube(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=CUBE_COLUMNS)


@pytest.fixture
def small() -> pd.DataFrame:
    return cube(
        [
            ("CN", "apparel_textiles", "critical", "USD", 3, 300.0, 1, 0),
            ("CN", "apparel_textiles", "high", "EUR", 2, 50.0, 0, 1),
            ("CN", "electronics", "low", "USD", 4, 400.0, 2, 1),
            ("VN", "apparel_textiles", "high", "USD", 1, 1000.0, 0, 0),
            ("DE", MISSING, "medium", None, 5, None, 5, 0),
            ("XK", "other", "critical", "USD", 1, 10.0, 1, 0),
        ]
    )


def test_kpis_count_share_spend_and_gaps(small: pd.DataFrame) -> None:
    k = figures.kpis(small, {"open": 4, "overdue": 1})
    assert k.suppliers == 16
    assert k.exposed == 7 and k.exposed_share == "43.8%"
    assert k.spend_at_risk == {"USD": 1310.0, "EUR": 50.0}  # largest currency first
    assert (k.never_audited, k.audit_expired) == (9, 2)
    assert (k.open_actions, k.overdue_actions) == (4, 1)


def test_kpis_of_nothing_are_zero_not_errors() -> None:
    k = figures.kpis(cube([]), {"open": 0, "overdue": 0})
    assert (k.suppliers, k.exposed, k.exposed_share, k.spend_at_risk) == (0, 0, "-", {})


def test_spend_text_headlines_the_largest_currency() -> None:
    assert figures.spend_text({"USD": 2_500_000.0, "EUR": 1_200.0}) == (
        "USD",
        "2.5M",
        "plus EUR 1.2k",
    )
    assert figures.spend_text({}) == ("", "-", "no spend reported")


def test_donut_has_one_slice_per_tier_in_tier_order_and_the_total(small: pd.DataFrame) -> None:
    fig = figures.tier_donut(small)
    pie = fig["data"][0]
    assert list(pie["labels"]) == ["Low", "Medium", "High", "Critical"]
    assert list(pie["values"]) == [4, 5, 3, 4]
    assert list(pie["marker"]["colors"]) == [
        TIER_COLOURS[t] for t in ("low", "medium", "high", "critical")
    ]
    assert "<b>16</b>" in fig["layout"]["annotations"][0]["text"]


def test_map_values_exposed_suppliers_and_spend_per_currency(small: pd.DataFrame) -> None:
    counts = figures.map_values(small, "suppliers", "exposed").set_index("country")
    assert counts.loc["CN", "value"] == 5 and counts.loc["DE", "value"] == 0
    assert counts.loc["CN", "iso3"] == "CHN" and counts.loc["CN", "name"] == "China"
    assert counts.loc["CN", ["low", "medium", "high", "critical"]].tolist() == [4, 0, 2, 3]
    everything = figures.map_values(small, "suppliers", "all").set_index("country")
    assert everything.loc["CN", "value"] == 9 and everything.loc["DE", "value"] == 5
    spend = figures.map_values(small, "spend:USD", "exposed").set_index("country")
    assert spend.loc["CN", "value"] == 300.0 and spend.loc["VN", "value"] == 1000.0


def test_exposure_map_draws_iso3_and_says_what_it_cannot_draw(small: pd.DataFrame) -> None:
    fig = figures.exposure_map(small, "suppliers", "exposed")
    trace = fig["data"][0]
    assert trace["locationmode"] == "ISO-3"
    assert set(trace["locations"]) == {"CHN", "VNM", "DEU"}  # Kosovo has no ISO-3 shape
    by_country = dict(zip(trace["locations"], trace["z"], strict=True))
    assert by_country["CHN"] == pytest.approx(np.sqrt(5))  # square-root colour scale
    assert any("China" in t and "5 suppliers" in t for t in trace["text"])
    assert "1 country without a map shape" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["geo"]["resolution"] == 50


def test_exposure_map_colour_bar_labels_real_values() -> None:
    fig = figures.exposure_map(
        cube([("CN", "x", "high", "USD", 1200, 0.0, 0, 0)]), "suppliers", "exposed"
    )
    bar = fig["data"][0]["colorbar"]
    assert list(bar["ticktext"]) == ["0", "50", "100", "200", "500", "1,000"]
    assert bar["tickvals"][-1] == pytest.approx(np.sqrt(1000))
    assert fig["data"][0]["zmax"] == pytest.approx(np.sqrt(1200))  # the one country is darkest


@pytest.mark.parametrize(
    ("measure", "scope"), [("suppliers", "exposed"), ("suppliers", "all"), ("spend:USD", "all")]
)
def test_a_single_country_is_drawn_darkest_on_a_scale_from_zero(measure: str, scope: str) -> None:
    """One country is the whole range: it takes the top colour, 0 stays the bottom one and the
    colour bar ends at its value (plotly left alone would centre the scale on it)."""
    one = cube([("VN", "x", "high", "USD", 3, 2_500.0, 0, 0)])
    trace = figures.exposure_map(one, measure, scope)["data"][0]
    assert trace["locations"] == ["VNM"]
    assert (trace["zauto"], trace["zmin"], trace["showscale"]) == (False, 0, True)
    assert trace["z"] == [pytest.approx(trace["zmax"])] and trace["zmax"] > 0
    assert trace["colorbar"]["tickvals"][0] == 0 and trace["colorbar"]["ticktext"][0] == "0"
    assert max(trace["colorbar"]["tickvals"]) <= trace["zmax"]


def test_a_single_country_with_nothing_in_scope_shows_no_colour_bar() -> None:
    """Norway with only low-risk suppliers, the map showing high + critical: Norway is drawn at
    0 (lightest), no colour bar invents a range, and a note says there is nothing to show."""
    fig = figures.exposure_map(
        cube([("NO", "x", "low", "NOK", 25, 10.0, 0, 0)]), "suppliers", "exposed"
    )
    trace = fig["data"][0]
    assert trace["locations"] == ["NOR"] and trace["z"] == [0.0]
    assert trace["showscale"] is False and "colorbar" not in trace
    assert (trace["zmin"], trace["zmax"]) == (0, 1)
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert notes == ["No suppliers (high + critical) in these countries."]
    assert "Low 25" in trace["text"][0]


def test_empty_cube_gives_a_figure_that_says_so() -> None:
    for fig in (figures.exposure_map(cube([]), "suppliers", "all"), figures.tier_donut(cube([]))):
        assert fig["data"] == []
        assert "No suppliers match" in fig["layout"]["annotations"][0]["text"]


def test_breakdown_puts_most_exposed_on_top_and_stacks_tiers(small: pd.DataFrame) -> None:
    fig = figures.breakdown(small, "sector", str.upper, top=2)
    assert [t["name"] for t in fig["data"]] == ["Low", "Medium", "High", "Critical"]
    assert list(fig["data"][0]["y"]) == ["OTHER", "APPAREL_TEXTILES"]  # plotly draws bottom-up
    critical = dict(zip(fig["data"][3]["y"], fig["data"][3]["x"], strict=True))
    assert critical == {"OTHER": 1, "APPAREL_TEXTILES": 3}
    assert fig["layout"]["barmode"] == "stack"


def test_tier_mix_is_a_percentage_per_upload_in_upload_order() -> None:
    mix = pd.DataFrame(
        [
            (2, pd.Timestamp("2026-01-05", tz="UTC"), "b.xlsx", "high", 1),
            (2, pd.Timestamp("2026-01-05", tz="UTC"), "b.xlsx", "low", 3),
            (5, pd.Timestamp("2026-03-01", tz="UTC"), "c.xlsx", "critical", 2),
        ],
        columns=["upload_id", "uploaded_at", "file_name", "tier", "assessments"],
    )
    fig = figures.tier_mix(mix)
    shares = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in fig["data"]}
    assert list(fig["data"][0]["x"]) == ["2026-01-05 #2", "2026-03-01 #5"]
    assert shares["Low"]["2026-01-05 #2"] == 75 and shares["High"]["2026-01-05 #2"] == 25
    assert shares["Critical"]["2026-03-01 #5"] == 100
    assert figures.tier_mix(mix.iloc[0:0])["data"] == []
