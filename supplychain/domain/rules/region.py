"""Rule family 2: any link to the Xinjiang Uyghur Autonomous Region in region, city or address.

Spellings come from ``risk_rules/reference/xinjiang_places.csv`` (English, pinyin, Uyghur-Latin and
Chinese). Latin spellings match on word boundaries after folding accents (Ürümqi -> urumqi); Chinese
spellings match as substrings. Spellings marked ``ambiguous`` (Aksu, Altay, Ili, Kashi, Hami, Aral,
Bole, Yili) also name places outside China, so they count only when the supplier's country is CN
(an unambiguous spelling such as "Xinjiang" counts on its own). A link makes the supplier critical:
UFLPA s.3 presumes goods made wholly or in part in the XUAR are made with forced labour.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from supplychain.domain.entity_names import fold_array, fold_text, to_arrow
from supplychain.domain.rules.base import (
    ScoringContext,
    as_text,
    make_hits,
    per_key,
    source_text,
)
from supplychain.domain.ruleset import LoadedRuleSet

FIELDS = ("region", "city", "address")
LEGAL_BASIS = (
    "UFLPA (Pub. L. 117-78) s.2(d) and s.3 rebuttable presumption for goods made in the "
    "Xinjiang Uyghur Autonomous Region (XUAR)"
)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _pattern(spellings: list[str]) -> str:
    """An RE2 pattern with one named group ``m``: word-bounded Latin, plain CJK spellings."""
    ordered = sorted(set(spellings), key=lambda s: (-len(s), s))
    parts = [re.escape(s) if _is_cjk(s) else r"\b" + re.escape(s) + r"\b" for s in ordered]
    return "(?P<m>" + "|".join(parts) + ")"


def _extract(text: pa.Array, pattern: str) -> pa.Array:
    return pc.struct_field(pc.extract_regex(text, pattern), [0])


def _places(rules: LoadedRuleSet) -> dict[str, Any]:
    if "region_places" not in rules.cache:
        table = rules.table("xinjiang_places")
        folded = fold_text(table["spelling"])
        table = table.assign(folded=folded).drop_duplicates("folded")
        ambiguous = table["ambiguous"].str.casefold() == "true"
        rules.cache["region_places"] = {
            "any": _pattern(table["folded"].tolist()),
            "plain": _pattern(table.loc[~ambiguous, "folded"].tolist()),
            "ambiguous": _pattern(table.loc[ambiguous, "folded"].tolist()),
            "lookup": table.set_index("folded")[["spelling", "place", "ref_row"]],
        }
    return rules.cache["region_places"]


def _first_match(work: pd.DataFrame, places: dict[str, Any]) -> pd.DataFrame:
    """Per supplier: the first field (region, city, address) that names a Xinjiang place.

    Each field is folded and searched once per distinct value (cities and addresses repeat), and
    only the values that name some place are examined for which one.
    """
    is_cn = (work["country"].astype("str").fillna("") == "CN").to_numpy()
    spelling = np.full(len(work), None, dtype=object)
    field_name = np.full(len(work), None, dtype=object)
    for field in FIELDS:
        codes, uniques = pd.factorize(work[field])
        plain, ambiguous = _named_places(fold_array(to_arrow(uniques)), places)
        hit = plain[codes]
        hit = np.where((hit == None) & is_cn, ambiguous[codes], hit)  # noqa: E711
        first = (spelling == None) & (hit != None)  # noqa: E711
        spelling[first], field_name[first] = hit[first], field
    rows = np.nonzero(spelling != None)[0]  # noqa: E711
    index = work.index[rows]
    return pd.DataFrame(
        {
            "spelling": pd.Series(spelling[rows], index=index, dtype="str"),
            "field": pd.Series(field_name[rows], index=index, dtype="str"),
        }
    )


def _named_places(text: pa.Array, places: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per value: the first unambiguous and the first ambiguous place spelling in it, or None;
    one more None at the end, for the missing values (code -1)."""
    plain = np.full(len(text) + 1, None, dtype=object)
    ambiguous = plain.copy()
    named = np.nonzero(np.asarray(pc.match_substring_regex(text, places["any"])))[0]
    if len(named):
        subset = pc.take(text, pa.array(named))
        plain[named] = _extract(subset, places["plain"]).to_numpy(zero_copy_only=False)
        ambiguous[named] = _extract(subset, places["ambiguous"]).to_numpy(zero_copy_only=False)
    return plain, ambiguous


def _explain(unique: pd.DataFrame, places: dict[str, Any], rules: LoadedRuleSet) -> pd.DataFrame:
    info = places["lookup"].reindex(unique["spelling"].to_numpy()).reset_index(drop=True)
    edition = rules.edition("xinjiang_places")
    reason = (
        unique["field"].str.capitalize()
        + " names '"
        + info["spelling"]
        + "' ("
        + info["place"]
        + ", Xinjiang Uyghur Autonomous Region): "
        + LEGAL_BASIS
        + "; critical whatever the points"
    )
    return pd.DataFrame(
        {
            "reason": as_text(reason),
            "source": as_text(
                pd.Series(source_text(edition, info["ref_row"])) + "; " + LEGAL_BASIS
            ),
            "place": as_text(info["place"]),
            "ref_row": info["ref_row"].astype("int64"),
        }
    )


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One critical hit per supplier whose region, city or address names a XUAR place."""
    places = _places(rules)
    found = _first_match(work, places)
    found = per_key(
        found.rename_axis("pos").reset_index(),
        ["field", "spelling"],
        lambda u: _explain(u, places, rules),
    )
    edition = rules.edition("xinjiang_places")
    return make_hits(
        found["pos"],
        "region.xinjiang",
        float(rules.params["region"]["xinjiang_points"]),
        found["reason"],
        found["source"],
        critical=True,
        entity=found["place"],
        edition=edition.edition,
        dataset=edition.kind,
        ref_row=found["ref_row"],
    )
