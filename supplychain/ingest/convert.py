"""Run the right normaliser over each mapped column and build the typed contract columns."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from supplychain.domain.fields import FIELDS_BY_NAME
from supplychain.ingest.normalise import values as v
from supplychain.ingest.normalise.core import Column, Normaliser, Outcome, by_unique, ok
from supplychain.ingest.normalise.countries import country
from supplychain.ingest.normalise.dates import date_normaliser
from supplychain.ingest.normalise.text import all_strings, clean_strings, clean_text
from supplychain.ingest.normalise.vocab import goods, sector

KIND_NORMALISERS: Final[dict[str, Normaliser]] = {
    "text": ok,
    "id": v.identifier,
    "country": country,
    "sector": sector,
    "goods": goods,
    "int": v.whole_number,
    "percent": v.percent,
    "money": v.money,
    "audit_result": v.audit_result,
    "audit_standard": v.audit_standard,
    "url": v.website,
}
DTYPES: Final = {"int": "Int64", "percent": "Float64", "money": "Float64"}


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


NUMERIC: Final = frozenset({"int", "percent", "money"})
NUMBERS: Final = frozenset({"floating", "integer", "mixed-integer-float"})


def _numbers(raw: pd.Series, kind: str) -> Column:
    """Vectorised path for a column of plain numbers."""
    values = pd.to_numeric(raw).to_numpy(float)
    errors = np.full(len(values), None, dtype=object)
    out = values.astype(object)
    if kind == "int":
        fraction = ~np.isnan(values) & (values != np.floor(values))
        errors[fraction] = v.whole_number(0.5).error
        out = _ints(values, fraction)
    out[np.isnan(values)] = None
    return Column(out, errors, np.full(len(values), None, dtype=object))


def _ints(values: np.ndarray, fraction: np.ndarray) -> np.ndarray:
    whole = np.where(np.isnan(values) | fraction, 0, values).astype(np.int64).astype(object)
    whole[np.isnan(values) | fraction] = None
    return whole


def _merge(first: Column, second: Column) -> Column:
    errors = np.where(first.errors != None, first.errors, second.errors)  # noqa: E711
    warnings = np.where(first.warnings != None, first.warnings, second.warnings)  # noqa: E711
    return Column(second.values, errors, warnings)


def normalise_column(raw: pd.Series, kind: str, date1904: bool, max_chars: int) -> Column:
    """Normalised values plus per-cell errors and warnings for one column of raw cells."""
    fn = normaliser_for(kind, date1904)
    if kind in NUMERIC and pd.api.types.infer_dtype(raw, skipna=True) in NUMBERS:
        return _numbers(raw, kind)
    if all_strings(raw):
        cleaned = clean_strings(raw, max_chars)
        if kind in {"text", "id"}:  # identifier() keeps strings as they are
            return cleaned
        return _merge(cleaned, by_unique(pd.Series(cleaned.values, dtype=object), fn))
    return by_unique(raw, _with_cleaning(fn, max_chars))


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
    return typed(np.full(length, None, dtype=object), FIELDS_BY_NAME[name].kind)
