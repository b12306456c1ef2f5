"""Text cleaning: trimmed; NFKC and control characters removed, each with a warning; length cap.

Trimming spaces is the one silent change. NFKC folding (a no-break space to a space, full-width
letters and digits to plain ones, ligatures spelled out) changes what a cell holds, so the cell
gets a warning saying so."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any, Final

import numpy as np
import pandas as pd

from supplychain.ingest.normalise.core import EMPTY, Column, Outcome, bad, ok

# C0/C1 control characters (TAB, LF and CR are kept) and the invisible bidirectional embedding,
# override and isolate marks (U+202A-U+202E, U+2066-U+2069) that make a name display differently
# from what it holds ("Trojan Source" spoofing). The pattern also runs in pyarrow (RE2), which
# knows no \u escapes: the bidi marks are put in as the characters themselves.
CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" "\u202a-\u202e\u2066-\u2069]")
CONTROL_WARNING: Final = "control characters were removed"
NFKC_WARNING: Final = (
    "special character forms were replaced by plain ones (e.g. no-break spaces, full-width "
    "letters or digits)"
)
EXCEL_ERRORS: Final = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)
MAX_SAFE_DIGITS: Final = 15


def excel_error(value: str) -> str:
    return f"Excel error {value} in the cell; fix the formula or type the value"


def clean_text(value: str, max_chars: int) -> Outcome:
    """Clean one string; an empty result is NA."""
    folded = unicodedata.normalize("NFKC", value)
    text = folded.strip()
    warnings = [NFKC_WARNING] if folded != value else []
    if CONTROL.search(text):
        text = CONTROL.sub("", text).strip()
        warnings.append(CONTROL_WARNING)
    warning = "; ".join(warnings) or None
    if not text:
        return EMPTY
    if text in EXCEL_ERRORS:
        return bad(excel_error(text))
    if len(text) > max_chars:
        return bad(f"the cell is too long ({len(text)} characters, limit {max_chars})")
    return ok(text, warning)


def number_text(value: float | int) -> str:
    """A number as a person would type it: 12.0 -> '12', 0.5 -> '0.5'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def as_text(value: Any, max_chars: int) -> Outcome:
    """Any cell value as cleaned text (numbers, dates and booleans spelled out)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    if isinstance(value, str):
        return clean_text(value, max_chars)
    if isinstance(value, bool):
        return ok("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return ok(number_text(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return ok(value.isoformat())
    return clean_text(str(value), max_chars)


def all_strings(series: pd.Series) -> bool:
    return pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}


def clean_strings(series: pd.Series, max_chars: int) -> Column:
    """Vectorised ``clean_text`` for a column holding only strings (or NA).

    ``values`` is the cleaned text as a pandas string Series (NaN where empty or in error).
    """
    text = series.astype("str")
    folded = np.zeros(len(text), dtype=bool)
    unusual = text.notna() & ~text.str.isascii().fillna(True)
    if unusual.any():  # NFKC is per element in pyarrow: only run it where it can change text
        normal = text[unusual].str.normalize("NFKC")
        folded[np.flatnonzero(unusual.to_numpy(bool))] = (normal != text[unusual]).to_numpy(bool)
        text = text.mask(unusual, normal)
    text = text.str.strip()
    has_control = text.str.contains(CONTROL.pattern, regex=True, na=False).to_numpy(bool)
    if has_control.any():
        text = text.str.replace(CONTROL.pattern, "", regex=True).str.strip()
    text = text.mask(text.eq("").fillna(True))
    errors = np.full(len(text), None, dtype=object)
    lengths = text.str.len().fillna(0).to_numpy()
    for index in np.flatnonzero(lengths > max_chars):
        errors[index] = (
            f"the cell is too long ({int(lengths[index])} characters, limit {max_chars})"
        )
    for index in np.flatnonzero(text.isin(EXCEL_ERRORS).to_numpy(bool)):
        errors[index] = excel_error(text.iloc[index])
    warnings = np.where(has_control, CONTROL_WARNING, None).astype(object)
    warnings[folded] = np.where(
        has_control[folded], f"{NFKC_WARNING}; {CONTROL_WARNING}", NFKC_WARNING
    )
    bad = errors != None  # noqa: E711 - elementwise comparison on an object array
    kept = text.mask(bad) if bad.any() else text
    warnings[kept.isna().to_numpy(bool)] = None  # as clean_text: a warning only on a kept value
    return Column(kept, errors, warnings)


def as_objects(text: pd.Series) -> np.ndarray:
    """A string Series as an object array of ``str`` with None for missing."""
    return text.astype(object).where(text.notna(), None).to_numpy(object, copy=True)
