"""The regulation crosswalk is data (risk_rules/crosswalk.yaml) evaluated against pack facts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from supplychain.evidence.crosswalk import (
    ANSWERED,
    MISSING,
    PARTLY,
    CrosswalkError,
    evaluate,
    load_crosswalk,
)
from supplychain.evidence.facts import FACT_RULES
from tests.unit.evidence.packs import RULES

LAWS = {"uflpa", "eu_flr", "lksg", "csddd", "uk_msa", "ca_s211", "au_msa"}


@pytest.fixture(scope="module")
def crosswalk() -> dict:
    return load_crosswalk(RULES / "crosswalk.yaml")


def test_every_law_is_cited_and_every_fact_is_counted_or_marked_unrecorded(crosswalk: dict) -> None:
    assert {law["id"] for law in crosswalk["laws"]} == LAWS
    citations = {law["id"]: law["citation"] for law in crosswalk["laws"]}
    assert "117-78" in citations["uflpa"] and "2024/3015" in citations["eu_flr"]
    assert "2024/1760" in citations["csddd"] and "54(5)" in citations["uk_msa"]
    assert "11(3)" in citations["ca_s211"] and "16(1)" in citations["au_msa"]
    assert "2959" in citations["lksg"]
    for name, fact in crosswalk["facts"].items():
        assert fact.get("recorded", True) is False or name in FACT_RULES, name
        assert fact["label"] and fact["missing"]
    uflpa = next(law for law in crosswalk["laws"] if law["id"] == "uflpa")
    assert {"tracing", "xinjiang", "entity_list"} <= {e["id"] for e in uflpa["elements"]}


def test_a_pack_without_findings_says_there_is_no_remediation_evidence(crosswalk: dict) -> None:
    rows = evaluate(crosswalk, {"suppliers": 10, "scored_suppliers": 10, "rule_hits": 40})
    remediation = [r for r in rows if "remediat" in r.element.lower()]
    assert remediation
    for row in remediation:
        assert row.status in (MISSING, PARTLY)
        assert "no remediation evidence" in row.missing or "no worker remedy" in row.missing
    training = [r for r in rows if "training" in r.element.lower()]
    assert training and all(r.status == MISSING for r in training)
    assert all("not recorded by this platform" in r.missing for r in training)


def test_full_evidence_answers_every_element_the_platform_can_record(crosswalk: dict) -> None:
    rows = evaluate(crosswalk, dict.fromkeys(FACT_RULES, 5))
    unrecorded = {n for n, f in crosswalk["facts"].items() if f.get("recorded", True) is False}
    for law in crosswalk["laws"]:
        for element in law["elements"]:
            row = next(r for r in rows if r.element == element["requirement"])
            if set(element["facts"]) & unrecorded:
                assert row.status in (PARTLY, MISSING)
            else:
                assert row.status == ANSWERED and row.missing == ""
                assert row.evidence.startswith("5 ")


def test_an_element_needing_an_undeclared_fact_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((RULES / "crosswalk.yaml").read_text(encoding="utf-8"))
    data["laws"][0]["elements"][0]["facts"] = ["suppliers", "moon_phase"]
    bad = tmp_path / "crosswalk.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CrosswalkError, match="moon_phase"):
        load_crosswalk(bad)
