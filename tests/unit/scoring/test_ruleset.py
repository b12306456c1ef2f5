"""Rule sets: listing, hashing, validation and edition resolution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from supplychain.domain.reference import DEFAULT_RULES_DIR, sha256_file
from supplychain.domain.reference_import import import_reference_list
from supplychain.domain.ruleset import RuleSetError, list_rulesets, load_ruleset


def test_list_rulesets_has_default_and_strict() -> None:
    rulesets = {r.id: r for r in list_rulesets()}
    assert {"default", "strict"} <= set(rulesets)
    default = rulesets["default"]
    assert default.version and default.effective_date and default.description
    assert default.sha256 == sha256_file(DEFAULT_RULES_DIR / "rulesets" / "default.yaml")
    assert rulesets["strict"].params["audit"]["validity_months"] == 12
    assert default.params["audit"]["validity_months"] == 24


def test_files_record_every_rule_and_data_file_used() -> None:
    files = list_rulesets()[0].files
    for name in (
        "rulesets/default.yaml",
        "manifest.yaml",
        "taxonomy/sectors.yaml",
        "reference/uflpa_entity_list_PARTIAL.csv",
        "reference/dol_ilab_tvpra_list_of_goods_2022.csv",
        "reference/xinjiang_places.csv",
    ):
        assert files[name] == sha256_file(DEFAULT_RULES_DIR / name), name


def test_latest_edition_comes_from_the_store_when_newer(tmp_path: Path) -> None:
    src = tmp_path / "u.csv"
    src.write_text("name,date\nNew Entity Co.,2026-02-01\n", encoding="utf-8")
    import_reference_list("uflpa_entity_list", src, tmp_path / "store")
    loaded = load_ruleset("default", store_dir=tmp_path / "store")
    assert loaded.edition("uflpa_entity_list").edition == "2026-02-01"
    assert "store:uflpa_entity_list/2026-02-01.csv" in loaded.ruleset.files
    assert "reference/uflpa_entity_list_PARTIAL.csv" not in loaded.ruleset.files


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "risk_rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def test_unknown_audit_below_no_audit_is_rejected(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "rulesets" / "default.yaml"
    path.write_text(path.read_text().replace("    unknown: 12", "    unknown: 3"))
    with pytest.raises(RuleSetError, match="missing data never makes a supplier look safer"):
        load_ruleset("default", rules_dir=rules)


def test_pinned_missing_edition_and_unknown_id_are_clear_errors(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "rulesets" / "default.yaml"
    path.write_text(path.read_text().replace("dol_goods: latest", "dol_goods: '2030'"))
    with pytest.raises(RuleSetError, match="no edition '2030'"):
        load_ruleset("default", rules_dir=rules)
    with pytest.raises(RuleSetError, match="'nope' not found"):
        load_ruleset("nope", rules_dir=rules)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    (rules / "rulesets" / "copy.yaml").write_text((rules / "rulesets" / "default.yaml").read_text())
    with pytest.raises(RuleSetError, match="must match the file name"):
        list_rulesets(rules)
