"""The synthetic supplier generator: deterministic, the right shape, honest about its bad rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sample_data.generate import (
    BAD_ROW_KINDS,
    COLUMNS,
    DEFAULT_AS_OF,
    generate_suppliers,
    main,
    write_csv,
    write_xlsx,
)
from sample_data.profiles import ORIGINS, SECTOR_WORDS, UFLPA_NOTE
from supplychain.ingest.normalise.countries import country as normalise_country
from supplychain.ingest.normalise.vocab import sector as normalise_sector
from supplychain.ingest.pipeline import read_upload

REPO = Path(__file__).resolve().parents[2]
DOL_GOODS = REPO / "risk_rules/reference/dol_ilab_tvpra_list_of_goods_2022.csv"
DEMO_WORKBOOK = REPO / "sample_data/demo_suppliers.xlsx"
# The damaged rows the README lists for the demo workbook that intake must refuse (row 256, the
# formula-like name, is imported as text; row 272, a copy of row 209, gets a duplicate warning).
DEMO_INVALID_ROWS = [116, 120, 140, 163, 203, 236, 297]


def _iso2(country: str) -> str | None:
    """The platform's own reading of a country cell (pycountry plus risk_rules aliases)."""
    return normalise_country(country).value


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return generate_suppliers(300)


@pytest.fixture(scope="module")
def clean() -> pd.DataFrame:
    return generate_suppliers(2_000, seed=11, bad_rows=False)


def test_same_seed_same_frame_other_seed_differs() -> None:
    first = generate_suppliers(500, seed=3)
    pd.testing.assert_frame_equal(first, generate_suppliers(500, seed=3))
    assert first.attrs == generate_suppliers(500, seed=3).attrs
    assert not first.equals(generate_suppliers(500, seed=4))


@pytest.mark.parametrize("n", [0, 1, 5, 300, 4_321])
def test_requested_number_of_rows_and_columns(n: int) -> None:
    df = generate_suppliers(n)
    assert len(df) == n
    assert tuple(df.columns) == COLUMNS


def test_supplier_ids_are_zero_padded_text(clean: pd.DataFrame) -> None:
    ids = clean["Supplier ID"]
    assert ids.str.fullmatch(r"0\d{9}").all()
    assert ids.is_unique


def test_bad_rows_present_when_asked(demo: pd.DataFrame) -> None:
    bad = demo.attrs["bad_rows"]
    assert sorted(set(bad.values())) == sorted(BAD_ROW_KINDS)
    by_kind = {kind: row for row, kind in bad.items()}
    assert pd.isna(demo.at[by_kind["empty_name"], "Supplier Name"])
    assert demo.at[by_kind["unknown_country"], "Country"] == "Narnia"
    assert demo.at[by_kind["ambiguous_date"], "Last Audit Date"] == "03/04/2024"
    assert demo.at[by_kind["negative_workers"], "Workers"] < 0
    assert demo.at[by_kind["percent_over_100"], "Migrant Workers %"] > 100
    assert demo.at[by_kind["script_website"], "Website"].startswith("javascript:")
    assert demo.at[by_kind["formula_name"], "Supplier Name"].startswith("=HYPERLINK(")
    assert isinstance(demo.at[by_kind["text_in_number"], "Annual Spend"], str)
    assert demo.duplicated(keep=False).sum() >= 2


def test_about_three_percent_bad_rows() -> None:
    df = generate_suppliers(10_000, seed=1)
    assert len(df.attrs["bad_rows"]) == 300
    assert df.duplicated().sum() >= 300 // len(BAD_ROW_KINDS)


def test_no_bad_rows_when_clean(clean: pd.DataFrame) -> None:
    assert clean.attrs["bad_rows"] == {}
    assert not clean.duplicated().any()
    assert clean["Supplier Name"].notna().all()
    assert not clean["Supplier Name"].str.startswith(("=", "+", "-", "@")).any()
    assert clean["Workers"].gt(0).all()
    assert clean["Migrant Workers %"].dropna().between(0, 100).all()
    assert clean["Annual Spend"].dropna().gt(0).all()
    assert pd.api.types.is_datetime64_any_dtype(clean["Last Audit Date"])
    websites = clean["Website"].dropna()
    assert websites.str.match(r"(https?://)?www\.[a-z0-9]+\.[a-z.]+$").all()


def test_every_country_in_clean_rows_is_recognisable(clean: pd.DataFrame) -> None:
    unknown = {c for c in clean["Country"].unique() if _iso2(c) is None}
    assert unknown == set()
    assert {_iso2(c) for c in clean["Country"].unique()} >= {"CN", "BD", "VN", "IN", "US"}


def test_audit_dates_within_four_years(clean: pd.DataFrame) -> None:
    dates = clean["Last Audit Date"].dropna()
    as_of = pd.Timestamp(DEFAULT_AS_OF)
    assert dates.le(as_of).all() and dates.gt(as_of - pd.DateOffset(years=4)).all()
    assert clean["Last Audit Date"].isna().any()
    assert set(clean["Audit Standard"].dropna()) <= {
        "SMETA",
        "amfori BSCI",
        "SA8000",
        "RBA",
        "WRAP",
    }
    audited = clean["Last Audit Date"].notna()
    assert set(clean.loc[audited, "Audit Result"]) == {"Passed", "Conditional", "Failed"}


def _origin_goods(key: str) -> set[str]:
    return {good for _sector, goods in ORIGINS[key].products for good in goods}


def test_goods_are_drawn_from_the_dol_list_for_the_country() -> None:
    dol = pd.read_csv(DOL_GOODS)
    listed = dol.groupby("iso2")["good"].agg(set).to_dict()
    for key, origin in ORIGINS.items():
        goods = _origin_goods(key)
        if origin.iso2 in listed:
            assert goods & listed[origin.iso2], key
        else:
            assert not goods & set(dol["good"]), key
    expected = {
        "CN": {"Cotton", "Garments", "Polysilicon", "Solar Modules"},
        "CI": {"Cocoa"},
        "GH": {"Cocoa"},
        "TH": {"Fish", "Shrimp"},
        "MY": {"Rubber Gloves"},
    }
    for key, goods in expected.items():
        assert goods <= _origin_goods(key) & listed[key], key


def test_goods_cells_join_several_goods_with_semicolons(clean: pd.DataFrame) -> None:
    goods = clean["Goods"].str.split("; ")
    assert goods.map(len).max() == 3
    assert goods.map(lambda items: all(i and i == i.strip() for i in items)).all()


def test_sectors_come_from_the_taxonomy() -> None:
    import yaml

    taxonomy = yaml.safe_load((REPO / "risk_rules/taxonomy/sectors.yaml").read_text("utf-8"))
    assert set(SECTOR_WORDS) == {s["code"] for s in taxonomy["sectors"]}


def test_every_spelling_the_generator_writes_is_one_intake_reads() -> None:
    """Clean rows must import: each country spelling and sector word the generator uses is
    known to the platform's normalisers, as the code it stands for."""
    countries = {s: o.iso2 for o in ORIGINS.values() for s, _weight in o.spellings}
    sectors = {word: code for code, words in SECTOR_WORDS.items() for word in words}
    assert {s: _iso2(s) for s in countries} == countries
    assert {w: normalise_sector(w).value for w in sectors} == sectors


def test_committed_demo_workbook_is_the_generators_and_only_its_bad_rows_are_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "demo.xlsx"
    assert main(["--rows", "300", "--seed", "7", "--out", str(out)]) == 0
    assert out.read_bytes() == DEMO_WORKBOOK.read_bytes()
    result = read_upload(DEMO_WORKBOOK)
    assert result.rows == 300 and sorted(result.invalid_rows) == DEMO_INVALID_ROWS


def test_xinjiang_and_uflpa_lookalikes_are_marked(demo: pd.DataFrame) -> None:
    rows = demo.attrs["lookalike_rows"]
    assert rows
    assert (demo.loc[rows, "Notes"] == UFLPA_NOTE).all()
    assert demo["Supplier Name"].eq("Hotan Haolin Hair Accessories Co Ltd").any()
    xinjiang = demo["Province/State"].str.startswith("Xinjiang", na=False)
    assert xinjiang.any()
    assert demo.loc[xinjiang, "Notes"].str.startswith("synthetic test record").all()


def test_xlsx_round_trip(demo: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "suppliers.xlsx"
    write_xlsx(demo, path)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) == len(demo) + 1
    col = {name: i for i, name in enumerate(COLUMNS)}
    ids = [r[col["Supplier ID"]] for r in rows[1:]]
    assert ids == demo["Supplier ID"].tolist() and all(i.startswith("0") for i in ids)
    dates = [r[col["Last Audit Date"]] for r in rows[1:] if r[col["Last Audit Date"]]]
    assert sum(isinstance(d, dt.datetime) for d in dates) == len(dates) - 1
    assert "03/04/2024" in dates
    first_dated = demo["Last Audit Date"].first_valid_index()
    assert rows[first_dated + 1][col["Last Audit Date"]] == demo.at[first_dated, "Last Audit Date"]
    names = [r[col["Supplier Name"]] for r in rows[1:]]
    assert any(isinstance(n, str) and n.startswith("=HYPERLINK(") for n in names)


def test_xlsx_formula_name_is_text_not_formula(demo: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "suppliers.xlsx"
    write_xlsx(demo, path)
    sheet = openpyxl.load_workbook(path).active
    cells = [c for c in sheet["B"] if str(c.value).startswith("=HYPERLINK(")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_csv_is_utf8_with_iso_dates(demo: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "suppliers.csv"
    write_csv(demo, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(demo) + 1
    dates = {r[COLUMNS.index("Last Audit Date")] for r in rows[1:]} - {"", "03/04/2024"}
    assert all(dt.date.fromisoformat(d) for d in dates)
    assert rows[1][0] == demo.at[0, "Supplier ID"]


def test_cli_writes_xlsx_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rows", "50", "--out", str(tmp_path / "s.xlsx"), "--seed", "2"]) == 0
    assert main(["--rows", "50", "--out", str(tmp_path / "s.csv"), "--clean"]) == 0
    assert "wrote 50 rows" in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "s.csv", dtype=str)) == 50
    with pytest.raises(SystemExit):
        main(["--rows", "5", "--out", str(tmp_path / "s.json")])
