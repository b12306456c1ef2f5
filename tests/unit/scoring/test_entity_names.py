"""Name normalisation: suffixes, accents, full-width forms, Chinese legal forms, variants."""

from __future__ import annotations

import pandas as pd
import pytest

from supplychain.domain.entity_names import basic_normalise, fold_text, normalise_names

VARIANTS = {"hetian": "hotan", "akesu": "aksu"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hetian Haolin Hair Accessories Co., Ltd.", "hotan haolin hair accessories"),
        ("Akesu Huafu Textiles Limited", "aksu huafu textiles"),
        ("Camel Group Co., Ltd.", "camel"),
        ("Ürümqi Textile GmbH", "urumqi textile"),
        ("ＡＢＣ　Ｔｅｘｔｉｌｅ Inc.", "abc textile"),
        ("新疆中泰化学股份有限公司", "新疆中泰化学"),
        (
            "Xinjiang Production and Construction Corps (XPCC)",
            "xinjiang production and construction corps",
        ),
        ("Group", "group"),
        ("Smith & Sons Pte. Ltd.", "smith and sons"),
    ],
)
def test_normalise_names(raw: str, expected: str) -> None:
    assert normalise_names(pd.Series([raw], dtype="str"), VARIANTS).tolist() == [expected]


def test_variants_only_fold_whole_words() -> None:
    names = pd.Series(["Hetianxyz Trading", "Akesu Trading"], dtype="str")
    assert normalise_names(names, VARIANTS).tolist() == ["hetianxyz trading", "aksu trading"]


def test_basic_normalise_keeps_na_as_empty_and_preserves_index() -> None:
    names = pd.Series(["A Co.", None], index=[10, 20], dtype="str")
    out = basic_normalise(names)
    assert out.index.tolist() == [10, 20] and out.tolist() == ["a", ""]


def test_fold_text_strips_accents_and_keeps_chinese() -> None:
    assert fold_text(pd.Series(["Kashgar, Ürümqi 乌鲁木齐"], dtype="str")).tolist() == [
        "kashgar, urumqi 乌鲁木齐"
    ]
