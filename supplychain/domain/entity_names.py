"""Company-name normalisation for entity screening, vectorised over pandas Series.

Steps: NFKC, casefold, strip accents (NFKD minus combining marks, plus a few letters NFKD does not
split), drop Chinese legal forms (有限公司 ...), punctuation to spaces, drop trailing legal suffixes
(Co., Ltd., Limited, Group, Company, Inc., GmbH ...), then fold transliteration variants given as
data (``risk_rules/reference/name_variants.csv``: Hetian -> Hotan, Akesu -> Aksu ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

LEGAL_SUFFIXES: tuple[str, ...] = (
    "co",
    "company",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "group",
    "gmbh",
    "ag",
    "sa",
    "srl",
    "sarl",
    "bv",
    "nv",
    "plc",
    "pte",
    "pvt",
    "private",
    "holding",
    "holdings",
    "bhd",
    "berhad",
    "sdn",
    "spa",
    "oy",
    "ab",
    "kg",
    "kk",
    "jsc",
    "ojsc",
    "pjsc",
    "llp",
    "lp",
    "tbk",
    "pt",
    "cv",
    "sas",
    "mbh",
    "jv",
    "intl",
    "international",
)
CHINESE_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "厂",
)
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_CHINESE_TAIL = re.compile(r"(?:" + "|".join(CHINESE_LEGAL_FORMS) + r")+$")
_SUFFIX_TAIL = re.compile(r"(?:\s(?:" + "|".join(LEGAL_SUFFIXES) + r"))+$")
_NON_WORD = re.compile(r"[\W_]+")


def fold_text(values: pd.Series) -> pd.Series:
    """NFKC, casefold and accents stripped (Ürümqi -> urumqi); NA becomes ``""``."""
    text = values.astype("str").fillna("").str.normalize("NFKC").str.casefold()
    text = text.str.normalize("NFKD").str.replace(_COMBINING, "", regex=True)
    return text.str.translate(_FOLD).str.normalize("NFKC")


def _base(names: pd.Series) -> pd.Series:
    text = fold_text(names)
    text = text.str.replace("&", " and ", regex=False)
    text = text.str.replace(r"\([^)]*\)|（[^）]*）", " ", regex=True).str.strip()
    text = text.str.replace(_CHINESE_TAIL, "", regex=True)
    text = text.str.replace(r"\b(\w)\.(\w)\.", r"\1\2", regex=True)
    return " " + text.str.replace(_NON_WORD, " ", regex=True).str.strip()


def _strip_suffixes(spaced: pd.Series) -> pd.Series:
    stripped = spaced.str.replace(_SUFFIX_TAIL, "", regex=True).str.strip()
    return stripped.where(stripped != "", spaced.str.strip())


def basic_normalise(names: pd.Series) -> pd.Series:
    """Name normalised without transliteration variants (stable; used in supplier keys)."""
    return _strip_suffixes(_base(names)).str.replace(r"\s+", " ", regex=True)


def variant_pattern(variants: Mapping[str, str]) -> re.Pattern[str] | None:
    """A word-bounded regex matching any variant spelling (longest first)."""
    if not variants:
        return None
    words = sorted(variants, key=lambda w: (-len(w), w))
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def normalise_names(names: pd.Series, variants: Mapping[str, str] | None = None) -> pd.Series:
    """Normalised names for fuzzy matching; ``variants`` maps variant spelling -> canonical."""
    text = basic_normalise(names)
    pattern = variant_pattern(variants or {})
    if pattern is None:
        return text
    lookup = dict(variants or {})
    return text.str.replace(pattern, lambda m: lookup[m.group(0)], regex=True)


def split_aliases(aliases: pd.Series) -> pd.Series:
    """``"a; b"`` -> ``["a", "b"]`` (empty list for blank)."""
    parts = aliases.fillna("").astype("str").str.split(r"\s*;\s*", regex=True)
    return parts.map(lambda items: [p for p in items if p])
