"""Reference editions: the manifest matches the files, imports validate and become editions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from supplychain.domain.reference import (
    DEFAULT_RULES_DIR,
    ReferenceDataError,
    available_editions,
    load_table,
    resolve_edition,
    sha256_file,
    shipped_editions,
)
from supplychain.domain.reference_import import import_reference_list


def test_manifest_sha256_and_rows_match_the_shipped_files() -> None:
    editions = shipped_editions()
    assert {e.kind for e in editions} >= {"uflpa_entity_list", "cbp_wro", "dol_goods", "tip_tiers"}
    for edition in editions:
        assert sha256_file(edition.path) == edition.sha256, edition.path
        assert len(load_table(edition)) == edition.rows, edition.path
        assert edition.publisher and edition.public_address and edition.licence


def test_partial_and_unverified_editions_carry_caveats() -> None:
    by_kind = {e.kind: e for e in shipped_editions()}
    assert by_kind["uflpa_entity_list"].partial
    assert "PARTIAL SNAPSHOT" in by_kind["uflpa_entity_list"].caveat_text()
    assert "UNVERIFIED" in by_kind["cbp_wro"].caveat_text()
    assert by_kind["uflpa_entity_list"].as_dict()["caveats"]


def test_altered_reference_file_is_refused(tmp_path: Path) -> None:
    edition = resolve_edition("uflpa_entity_list", "latest")
    copy = tmp_path / edition.path.name
    copy.write_bytes(edition.path.read_bytes() + b"Extra Co.,,,,,\n")
    altered = type(edition)(**{**edition.__dict__, "path": copy})
    with pytest.raises(ReferenceDataError, match="changed after it was recorded"):
        load_table(altered)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_uflpa_csv_becomes_the_latest_edition(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "uflpa.csv",
        "name,aliases,date\nNew Listed Textile Co.,Alias One; Alias Two,2026-03-01\n"
        "Other Entity Ltd.,,2025-12-01\n",
    )
    store = tmp_path / "store"
    edition = import_reference_list("uflpa_entity_list", src, store)
    assert edition.edition == "2026-03-01" and edition.imported and edition.rows == 2
    assert edition.path == store / "uflpa_entity_list" / "2026-03-01.csv"
    sidecar = yaml.safe_load(edition.path.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert sidecar["source_file"] == "uflpa.csv"
    assert sidecar["rows"] == 2 and sidecar["sha256"] == sha256_file(edition.path)
    assert sidecar["imported_at"]
    table = load_table(edition)
    assert table.loc[0, "aliases"] == "Alias One; Alias Two"
    assert resolve_edition("uflpa_entity_list", "latest", store_dir=store).edition == "2026-03-01"
    assert [e.edition for e in available_editions("uflpa_entity_list", store_dir=store)] == [
        "2025-01-15-partial",
        "2026-03-01",
    ]


def test_import_rejects_a_bad_date_naming_file_row_and_column(tmp_path: Path) -> None:
    src = _write(tmp_path / "bad.csv", "name,date\nA Co.,2025-01-01\nB Co.,01/02/2025\n")
    with pytest.raises(ReferenceDataError) as err:
        import_reference_list("uflpa_entity_list", src, tmp_path / "store")
    assert str(err.value).startswith("bad.csv, row 3, column B ('date')")


def test_import_rejects_missing_columns_and_empty_names(tmp_path: Path) -> None:
    no_name = _write(tmp_path / "noname.csv", "company,date\nA,2025-01-01\n")
    with pytest.raises(ReferenceDataError, match=r"noname\.csv: missing required column"):
        import_reference_list("uflpa_entity_list", no_name, tmp_path / "s")
    blank = _write(tmp_path / "blank.csv", 'name\nA\n""\n')
    with pytest.raises(
        ReferenceDataError, match=r"blank.csv, row 3, column A \('name'\): is empty"
    ):
        import_reference_list("uflpa_entity_list", blank, tmp_path / "s")
    with pytest.raises(ReferenceDataError, match="Unknown reference list kind"):
        import_reference_list("walk_free", blank, tmp_path / "s")


def test_import_dol_goods_from_xlsx_with_x_flags(tmp_path: Path) -> None:
    src = tmp_path / "dol2024.xlsx"
    pd.DataFrame(
        {
            "Country": ["Belarus", "China"],
            "Good": ["Potash", "Polysilicon"],
            "Child Labor": ["", ""],
            "Forced Labor": ["X", "X"],
            "Year": ["2024", "2024"],
        }
    ).to_excel(src, index=False)
    edition = import_reference_list("dol_goods", src, tmp_path / "store")
    assert edition.edition == "2024"
    table = load_table(edition)
    assert table["iso2"].tolist() == ["BY", "CN"]
    assert table["forced_labor"].tolist() == ["true", "true"]
    assert table["child_labor"].tolist() == ["false", "false"]


def test_import_dol_rejects_bad_flag_and_unknown_country(tmp_path: Path) -> None:
    flag = _write(
        tmp_path / "f.csv", "country,good,child_labor,forced_labor\nChina,Cotton,maybe,true\n"
    )
    with pytest.raises(ReferenceDataError, match=r"f.csv, row 2, column C \('child_labor'\)"):
        import_reference_list("dol_goods", flag, tmp_path / "s")
    nowhere = _write(
        tmp_path / "n.csv", "country,good,child_labor,forced_labor\nAtlantis,Cotton,true,true\n"
    )
    with pytest.raises(ReferenceDataError, match=r"n\.csv, row 2, column A .*Atlantis"):
        import_reference_list("dol_goods", nowhere, tmp_path / "s")


def test_import_refuses_to_overwrite_an_edition_with_other_content(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _write(tmp_path / "a.csv", "name\nA Co.\n")
    second = _write(tmp_path / "b.csv", "name\nB Co.\n")
    import_reference_list("uflpa_entity_list", first, store, edition="2026-01-01")
    import_reference_list("uflpa_entity_list", first, store, edition="2026-01-01")  # same: fine
    with pytest.raises(ReferenceDataError, match="already exists"):
        import_reference_list("uflpa_entity_list", second, store, edition="2026-01-01")
    with pytest.raises(ReferenceDataError, match="must look like"):
        import_reference_list("uflpa_entity_list", first, store, edition="../evil")


def test_rules_dir_default_points_at_risk_rules() -> None:
    assert (DEFAULT_RULES_DIR / "manifest.yaml").is_file()
