"""Rule family 2: Xinjiang links in region, city or address."""

from __future__ import annotations

import pytest

from supplychain.domain.scoring import score_frame
from tests.unit.scoring.conftest import AS_OF
from tests.unit.scoring.frames import hits_of, make_frame


def _region_hits(rules, row):
    res = score_frame(make_frame([row]), rules, as_of=AS_OF)
    return res, hits_of(res, 0, "region.")


@pytest.mark.parametrize(
    "row",
    [
        {"city": "Urumqi"},
        {"city": "Ürümqi"},
        {"address": "乌鲁木齐市 天山区 1号"},
        {"region": "Xinjiang Uygur Autonomous Region"},
        {"address": "12 Industrial Park, Kashi"},
        {"city": "Hetian"},
        {"address": "Yining (Ghulja) textile zone"},
        {"region": "XUAR"},
        {"city": "Aksu"},
    ],
)
def test_xinjiang_spellings_make_a_chinese_supplier_critical(default_rules, row):
    res, hits = _region_hits(default_rules, {"supplier_name": "A Co", "country": "CN", **row})
    assert len(hits) == 1 and hits[0]["points"] == 50
    assert "UFLPA" in hits[0]["reason"] and "xinjiang_places.csv row" in hits[0]["source"]
    assert res.scores.loc[0, "tier"] == "critical"


@pytest.mark.parametrize(
    "row",
    [
        {"country": "TR", "city": "Aksu", "region": "Antalya"},
        {"country": "KZ", "city": "Aral"},
        {"country": "IN", "address": "Kashi Vishwanath Road, Varanasi"},
        {"country": "RU", "region": "Altay Republic"},
        {"country": "CN", "city": "Hamilton Road, Shanghai"},
        {"country": "CN", "address": "Xinjiangxi Road 5, Guangzhou"},
    ],
)
def test_false_positives_are_avoided(default_rules, row):
    _, hits = _region_hits(default_rules, {"supplier_name": "A Co", **row})
    assert hits == []


def test_unambiguous_name_counts_outside_china_and_region_is_reported_first(default_rules):
    row = {"supplier_name": "A", "country": "KZ", "region": "Xinjiang", "city": "Korla"}
    _, hits = _region_hits(default_rules, row)
    assert len(hits) == 1 and hits[0]["reason"].startswith("Region names 'Xinjiang'")
