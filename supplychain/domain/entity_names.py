"""Company-name normalisation for entity screening, vectorised with Arrow compute kernels.

Steps: NFKC, lower case, strip accents (NFKD minus combining marks, plus a few letters NFKD does not
split), drop bracketed parts and Chinese legal forms (有限公司 ...), punctuation to spaces, drop
trailing legal suffixes (Co., Ltd., Limited, Group, Company, Inc., GmbH ...), then fold
transliteration variants given as data (``risk_rules/reference/name_variants.csv``: Hetian -> Hotan,
Akesu -> Aksu ...). Regular expressions are RE2 (Arrow's engine), so every step runs in C++.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

LEGAL_SUFFIXES: tuple[str, ...] = (
    "co", "company", "corp", "corporation", "ltd", "limited", "llc", "inc", "incorporated", "group",
    "gmbh", "ag", "sa", "srl", "sarl", "bv", "nv", "plc", "pte", "pvt", "private", "holding",
    "holdings", "bhd", "berhad", "sdn", "spa", "oy", "ab", "kg", "kk", "jsc", "ojsc", "pjsc", "llp",
    "lp", "tbk", "pt", "cv", "sas", "mbh", "jv", "intl", "international",
)  # fmt: skip
CHINESE_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "厂",
)  # fmt: skip
_FOLD = (("ø", "o"), ("ł", "l"), ("đ", "d"), ("ı", "i"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"))
_FOLD += (("ß", "ss"),)
_COMMON_PUNCTUATION = (",", ".", "-", "'", "/", '"', ";", ":")
_ANY_COMMON_PUNCTUATION = "[" + re.escape("".join(_COMMON_PUNCTUATION)) + "]"
_CHINESE_TAIL = "(?:" + "|".join(CHINESE_LEGAL_FORMS) + ")+$"
_SUFFIX_TAIL = r"(?:\s(?:" + "|".join(LEGAL_SUFFIXES) + "))+$"


def to_arrow(values: pd.Series | pd.api.extensions.ExtensionArray) -> pa.Array:
    """Pandas text values as an Arrow string array (zero-copy when Arrow-backed), NA as ``""``."""
    try:
        array = pa.array(pd.array(values, dtype="str"))
    except (TypeError, pa.ArrowInvalid):
        array = pa.array(pd.Series(values).astype("str").to_numpy(dtype=object, na_value=""))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.fill_null(array.cast(pa.large_string()), "")


def from_arrow(array: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow string array back as a pandas ``str`` Series on ``index``."""
    return pd.Series(array.to_numpy(zero_copy_only=False), index=index, dtype="str")


def where(array: pa.Array, mask: pa.Array, step: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """Apply ``step`` only to the strings selected by ``mask`` (the rest are left as they are)."""
    if not pc.any(mask).as_py():
        return array
    return pc.replace_with_mask(array, mask, step(pc.filter(array, mask)))


def on_non_ascii(array: pa.Array, step: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """Apply ``step`` only to the non-ASCII strings (Unicode-aware steps are the slow ones)."""
    return where(array, pc.invert(pc.string_is_ascii(array)), step)


def _containing(array: pa.Array, literal: str, step: Callable[[pa.Array], pa.Array]) -> pa.Array:
    return where(array, pc.match_substring(array, literal), step)


def _fold_unicode(text: pa.Array) -> pa.Array:
    text = pc.utf8_lower(pc.utf8_normalize(text, "NFKC"))
    text = pc.replace_substring_regex(pc.utf8_normalize(text, "NFKD"), r"\p{M}+", "")
    for letter, plain in _FOLD:
        text = pc.replace_substring(text, letter, plain)
    return pc.utf8_normalize(text, "NFKC")


def fold_array(array: pa.Array) -> pa.Array:
    """NFKC, lower case, accents stripped (Ürümqi -> urumqi)."""
    return on_non_ascii(pc.ascii_lower(array), _fold_unicode)


def fold_text(values: pd.Series) -> pd.Series:
    """:func:`fold_array` on a pandas Series; NA becomes ``""``."""
    return from_arrow(fold_array(to_arrow(values)), values.index)


def _punctuation_to_spaces(text: pa.Array) -> pa.Array:
    for mark in _COMMON_PUNCTUATION:  # literal replaces are far cheaper than a class regex
        text = pc.replace_substring(text, mark, " ")
    return text


def _basic(array: pa.Array) -> pa.Array:
    text = fold_array(array)
    text = pc.replace_substring(text, "&", " and ")
    text = _containing(text, "(", lambda t: pc.replace_substring_regex(t, r"\([^)]*\)", " "))
    text = pc.utf8_trim_whitespace(text)
    text = on_non_ascii(
        text,
        lambda t: pc.replace_substring_regex(
            pc.replace_substring_regex(t, r"（[^）]*）", " "), _CHINESE_TAIL, ""
        ),
    )
    text = _containing(
        text, ".", lambda t: pc.replace_substring_regex(t, r"\b(\w)\.(\w)\.", r"\1\2")
    )
    text = where(
        text, pc.match_substring_regex(text, _ANY_COMMON_PUNCTUATION), _punctuation_to_spaces
    )
    text = where(
        text,
        pc.match_substring_regex(text, r"[^a-z0-9 \x{80}-\x{10FFFF}]"),
        lambda t: pc.replace_substring_regex(t, r"[^a-z0-9\x{80}-\x{10FFFF}]+", " "),
    )
    text = on_non_ascii(text, lambda t: pc.replace_substring_regex(t, r"[^\p{L}\p{N}]+", " "))
    text = _containing(text, "  ", lambda t: pc.replace_substring_regex(t, " {2,}", " "))
    spaced = pc.binary_join_element_wise(
        pa.scalar(" ", pa.large_string()),
        pc.utf8_trim_whitespace(text),
        pa.scalar("", pa.large_string()),
    )
    stripped = pc.utf8_trim_whitespace(pc.replace_substring_regex(spaced, _SUFFIX_TAIL, ""))
    return pc.if_else(pc.equal(stripped, ""), pc.utf8_trim_whitespace(spaced), stripped)


def _apply_variants(array: pa.Array, variants: Mapping[str, str]) -> pa.Array:
    ordered = sorted(variants, key=lambda w: (-len(w), w))
    mask = pc.match_substring_regex(array, r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
    if not pc.any(mask).as_py():
        return array
    subset = pc.filter(array, mask)
    for variant in ordered:
        pattern = r"\b" + re.escape(variant) + r"\b"
        subset = pc.replace_substring_regex(subset, pattern, variants[variant])
    return pc.replace_with_mask(array, mask, subset)


def basic_normalise(names: pd.Series) -> pd.Series:
    """Name normalised without transliteration variants (stable; used in supplier keys)."""
    return normalise_names(names, None)


def normalise_distinct(
    names: pd.Series, variants: Mapping[str, str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, normalised)``: each distinct name normalised once; ``codes`` index into it.

    The last element of ``normalised`` is ``""`` so that NA names (code -1) map to it.
    """
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    array = _basic(to_arrow(uniques))
    if variants:
        array = _apply_variants(array, variants)
    return codes, np.append(array.to_numpy(zero_copy_only=False).astype(object), "")


def normalise_names(names: pd.Series, variants: Mapping[str, str] | None = None) -> pd.Series:
    """Normalised names for fuzzy matching; ``variants`` maps variant spelling -> canonical."""
    codes, normalised = normalise_distinct(names, variants)
    return pd.Series(normalised[codes], index=names.index, dtype="str")
