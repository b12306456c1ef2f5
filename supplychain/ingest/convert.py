"""Run the right normaliser over each mapped column and build the typed contract columns."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from supplychain.domain.fields import FIELDS_BY_NAME
from supplychain.ingest.normalise import values as v
from supplychain.ingest.normalise.core import Column, Normaliser, Outcome, factored, ok
from supplychain.ingest.normalise.countries import country
from supplychain.ingest.normalise.dates import date_normaliser
from supplychain.ingest.normalise.text import (
    MAX_SAFE_DIGITS,
    all_strings,
    as_objects,
    clean_strings,
    clean_text,
)
from supplychain.ingest.normalise.vocab import goods, sector

KIND_NORMALISERS: Final[dict[str, Normaliser]] = {
    "text": ok,
    "id": v.identifier,
    "country": country,
    "sector": sector,
    "goods": goods,
    "int": v.whole_number,
    "tier": v.tier,
    "percent": v.percent,
    "money": v.money,
    "audit_result": v.audit_result,
    "audit_standard": v.audit_standard,
    "url": v.website,
}
INTAKE_KINDS: Final = {"tier": "tier"}
DTYPES: Final = {"int": "Int64", "tier": "Int64", "percent": "Float64", "money": "Float64"}


def intake_kind(field: str) -> str:
    """How intake reads a field: its contract kind, refined where a field of that kind is written
    in its own ways (a tier as 'Tier 2' or 'direct'); the contract dtype stays the same."""
    return INTAKE_KINDS.get(field, FIELDS_BY_NAME[field].kind)


def normaliser_for(kind: str, date1904: bool) -> Normaliser:
    return date_normaliser(date1904) if kind == "date" else KIND_NORMALISERS[kind]


def _with_cleaning(fn: Normaliser, max_chars: int) -> Normaliser:
    """Clean strings first (NFKC, trim, control characters), then apply ``fn``."""

    def run(value: Any) -> Outcome:
        warning = None
        if isinstance(value, str):
            cleaned = clean_text(value, max_chars)
            if cleaned.error or cleaned.value is None:
                return cleaned
            value, warning = cleaned.value, cleaned.warning
        result = fn(value)
        return result if warning is None else result._replace(warning=warning)

    return run


WHOLE: Final = frozenset({"int", "tier"})
NUMERIC: Final = WHOLE | {"percent", "money"}
NUMBERS: Final = frozenset({"floating", "integer", "mixed-integer-float"})
TEXT: Final = frozenset({"text", "id"})  # identifier() keeps strings as they are
TOO_LARGE: Final = "the number is too large for a count; check the cell"


def _numbers(values: np.ndarray, kind: str, as_typed: bool) -> Column:
    """Vectorised path for a column of numbers (NaN = empty)."""
    errors = np.full(len(values), None, dtype=object)
    empty = np.isnan(values)
    if kind in WHOLE:
        fraction = ~empty & (values != np.floor(values))
        huge = ~empty & (np.abs(values) >= 10**MAX_SAFE_DIGITS)
        errors[fraction] = KIND_NORMALISERS[kind](0.5).error
        errors[huge] = TOO_LARGE
        empty |= fraction | huge
    warnings = np.full(len(values), None, dtype=object)
    return Column(_number_values(values, empty, kind in WHOLE, as_typed), errors, warnings)


def _text_numbers(cleaned: Column, kind: str, fn: Normaliser, as_typed: bool) -> Column:
    """Numbers written as text: plain ones ('1234.5') parsed in one vectorised pass, the rest
    ('1,234', '45%', 'n/a') by ``fn`` once per distinct value."""
    text = cleaned.values
    plain = text.str.fullmatch(v.PLAIN_NUMBER.pattern).fillna(False).to_numpy(bool)
    numbers = np.full(len(text), np.nan)
    numbers[plain] = text[plain].astype("float64").to_numpy()
    other = factored(text.mask(plain), fn).column()
    parsed = ~plain & (other.values != None)  # noqa: E711
    numbers[parsed] = other.values[parsed].astype(float)
    result = _numbers(numbers, kind, as_typed)
    errors = _first(_first(cleaned.errors, other.errors), result.errors)
    return Column(result.values, errors, _first(cleaned.warnings, other.warnings))


def _number_values(values: np.ndarray, empty: np.ndarray, whole: bool, as_typed: bool) -> Any:
    filled = np.where(empty, 0, values)
    if whole:
        filled = filled.astype(np.int64)
    if as_typed:
        return (pd.arrays.IntegerArray if whole else pd.arrays.FloatingArray)(filled, empty)
    out = filled.astype(object)
    out[empty] = None
    return out


def _first(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return np.where(first != None, first, second)  # noqa: E711


def normalise_column(
    raw: pd.Series, kind: str, date1904: bool, max_chars: int, *, as_typed: bool = False
) -> Column:
    """Normalised values plus per-cell errors and warnings for one column of raw cells.

    ``values`` is an object array (None = empty), or with ``as_typed`` the contract dtype of
    docs/contracts.md, built from the distinct values so that nothing is converted twice.
    """
    if kind in NUMERIC and pd.api.types.infer_dtype(raw, skipna=True) in NUMBERS:
        return _numbers(pd.to_numeric(raw).to_numpy(float), kind, as_typed)
    fn = normaliser_for(kind, date1904)
    if all_strings(raw):
        cleaned = clean_strings(raw, max_chars)
        if kind in TEXT:
            text = cleaned.values
            values = text.astype("string").array if as_typed else as_objects(text)
            return Column(values, cleaned.errors, cleaned.warnings)
        if kind in NUMERIC:
            return _text_numbers(cleaned, kind, fn, as_typed)
        result = factored(cleaned.values, fn)
        errors, warnings = cleaned.errors, cleaned.warnings
    else:
        result = factored(raw, _with_cleaning(fn, max_chars))
        errors = warnings = np.full(len(raw), None, dtype=object)
    if as_typed:
        values = _take(typed(result.values, kind), result.codes)
    else:
        values = result.values[result.codes]
    return Column(
        values,
        _first(errors, result.errors[result.codes]),
        _first(warnings, result.warnings[result.codes]),
    )


def _take(values: Any, codes: np.ndarray) -> Any:
    """``values[codes]`` where code -1 means the last slot (the empty value)."""
    if isinstance(values, np.ndarray):
        return values[codes]
    return values.take(codes)


def typed(values: np.ndarray, kind: str) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The contract dtype for a field kind (see docs/contracts.md)."""
    if kind == "goods":
        out = np.empty(len(values), dtype=object)
        out[:] = [x if x is not None else () for x in values]
        return out
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]").to_numpy()
    return pd.array(values, dtype=DTYPES.get(kind, "string"))


def empty_field(name: str, length: int) -> Any:
    """An all-empty column in the contract dtype of field ``name``."""
    kind = FIELDS_BY_NAME[name].kind
    return _take(typed(np.full(1, None, dtype=object), kind), np.zeros(length, dtype=np.intp))
