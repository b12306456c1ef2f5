"""The pandera schema of the canonical supplier frame, checked lazily after normalisation."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from supplychain.domain.fields import AUDIT_RESULTS, AUDIT_STANDARDS, FIELDS, REQUIRED_FIELDS
from supplychain.ingest.normalise.vocab import sector_table

_CHECKS = {
    "country": [pa.Check.str_matches(r"^[A-Z]{2}$", error="not an ISO 3166-1 alpha-2 code")],
    "tier": [
        pa.Check.ge(1, error="tier must be 1 or more"),
        pa.Check.le(10, error="tier must be 10 or less"),
    ],
    "workers": [pa.Check.ge(0, error="the number of workers cannot be negative")],
    "migrant_workers_pct": [pa.Check.in_range(0, 100, error="a percentage must be 0 to 100")],
    "annual_spend": [pa.Check.ge(0, error="annual spend cannot be negative")],
    "audit_result": [pa.Check.isin(AUDIT_RESULTS, error="unknown audit result")],
    "audit_standard": [pa.Check.isin(AUDIT_STANDARDS, error="unknown audit standard")],
}
MESSAGES = {"not_nullable": "a value is required in this column"}


@cache
def supplier_schema() -> pa.DataFrameSchema:
    """Value checks per field; types are already exact, so dtypes are not re-checked."""
    checks = dict(_CHECKS)
    checks["sector"] = [pa.Check.isin(sorted(set(sector_table().values())), error="unknown sector")]
    columns = {
        f.name: pa.Column(
            nullable=f.name not in REQUIRED_FIELDS, checks=checks.get(f.name, []), required=False
        )
        for f in FIELDS
    }
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def failures(frame: pd.DataFrame) -> list[tuple[int, str, str, object]]:
    """(index label, column, message, value) for every failing cell, all checks at once."""
    try:
        supplier_schema().validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        out = []
        for index, column, check, value in cases[
            ["index", "column", "check", "failure_case"]
        ].itertuples(index=False):
            if index is None or pd.isna(index):
                continue
            message = MESSAGES.get(str(check), str(check))
            out.append((int(index), str(column), message, value))
        return out
    return []
