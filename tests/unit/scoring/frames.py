"""Build canonical supplier frames (docs/contracts.md) for the scoring tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from supplychain.domain.fields import FIELDS

_DTYPES = {
    "text": "str",
    "id": "str",
    "country": "str",
    "sector": "str",
    "url": "str",
    "audit_result": "str",
    "audit_standard": "str",
    "int": "Int64",
    "percent": "Float64",
    "money": "Float64",
    "date": "datetime64[ns]",
    "goods": "object",
}


def make_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A canonical frame: every field with its contract dtype, plus ``row`` and ``extra``."""
    rows = list(rows)
    data: dict[str, Any] = {}
    for field in FIELDS:
        values = [r.get(field.name) for r in rows]
        if field.kind == "goods":
            data[field.name] = pd.Series([tuple(v or ()) for v in values], dtype="object")
        elif field.kind == "date":
            data[field.name] = pd.to_datetime(pd.Series(values, dtype="object")).astype(
                "datetime64[ns]"
            )
        else:
            data[field.name] = pd.Series(values, dtype=_DTYPES[field.kind])
    frame = pd.DataFrame(data)
    frame["row"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    frame["extra"] = pd.Series([{} for _ in rows], dtype="object")
    return frame


def hits_of(result: Any, idx: Any, prefix: str = "") -> list[dict[str, Any]]:
    """The hits of one supplier whose rule id starts with ``prefix``."""
    return [h for h in result.hits_for(idx) if h["rule"].startswith(prefix)]
