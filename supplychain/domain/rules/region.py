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

import numpy as np
import pandas as pd

from supplychain.domain.entity_names import fold_text
from supplychain.domain.rules.base import ScoringContext, make_hits, source_text
from supplychain.domain.ruleset import LoadedRuleSet

FIELDS = ("region", "city", "address")
LEGAL_BASIS = (
    "UFLPA (Pub. L. 117-78) s.2(d) and s.3 rebuttable presumption for goods made in the "
    "Xinjiang Uyghur Autonomous Region (XUAR)"
)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _pattern(spellings: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(spellings), key=lambda s: (-len(s), s))
    parts = [re.escape(s) if _is_cjk(s) else r"\b" + re.escape(s) + r"\b" for s in ordered]
    return re.compile("(" + "|".join(parts) + ")")


def _places(rules: LoadedRuleSet) -> dict[str, object]:
    if "region_places" not in rules.cache:
        table = rules.table("xinjiang_places")
        folded = fold_text(table["spelling"])
        table = table.assign(folded=folded).drop_duplicates("folded")
        ambiguous = table["ambiguous"].str.casefold() == "true"
        rules.cache["region_places"] = {
            "plain": _pattern(table.loc[~ambiguous, "folded"].tolist()),
            "ambiguous": _pattern(table.loc[ambiguous, "folded"].tolist()),
            "lookup": table.set_index("folded")[["spelling", "place", "ref_row"]],
        }
    return rules.cache["region_places"]


def _first_match(work: pd.DataFrame, places: dict[str, object]) -> pd.DataFrame:
    """Per supplier: the first field (region, city, address) that names a Xinjiang place."""
    is_cn = (work["country"].astype("str").fillna("") == "CN").to_numpy()
    found = pd.DataFrame({"spelling": pd.Series(pd.NA, index=work.index, dtype="str")})
    found["field"] = pd.Series(pd.NA, index=work.index, dtype="str")
    for field in FIELDS:
        todo = found["spelling"].isna() & work[field].notna()
        if not todo.any():
            continue
        text = fold_text(work.loc[todo, field])
        hit = text.str.extract(places["plain"], expand=False)
        ambiguous = text.str.extract(places["ambiguous"], expand=False)
        hit = hit.fillna(ambiguous.where(is_cn[todo.to_numpy()]))
        found.loc[hit.index, "spelling"] = hit
        found.loc[hit.index[hit.notna()], "field"] = field
    return found.dropna(subset=["spelling"])


def evaluate(work: pd.DataFrame, rules: LoadedRuleSet, ctx: ScoringContext) -> pd.DataFrame:
    """One critical hit per supplier whose region, city or address names a XUAR place."""
    places = _places(rules)
    found = _first_match(work, places)
    info = places["lookup"].reindex(found["spelling"].to_numpy())
    edition = rules.edition("xinjiang_places")
    reason = (
        found["field"].str.capitalize().to_numpy()
        + " names '"
        + info["spelling"].to_numpy()
        + "' ("
        + info["place"].to_numpy()
        + ", Xinjiang Uyghur Autonomous Region): "
        + LEGAL_BASIS
        + "; critical whatever the points"
    )
    ref_row = pd.Series(info["ref_row"].to_numpy(), dtype="int64")
    return make_hits(
        found.index.to_numpy(),
        "region.xinjiang",
        float(rules.params["region"]["xinjiang_points"]),
        np.asarray(reason, dtype=object),
        source_text(edition, ref_row) + "; " + LEGAL_BASIS,
        critical=True,
        entity=info["place"].to_numpy(),
        edition=edition.edition,
        dataset=edition.kind,
        ref_row=ref_row,
    )
