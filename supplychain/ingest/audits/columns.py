"""The columns of an audit-results file: aliases, header detection, severity and indicators."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from supplychain.ingest.cells import column_letter
from supplychain.ingest.errors import reject
from supplychain.ingest.grid import is_blank
from supplychain.ingest.mapping import ColumnInfo, normalise_header
from supplychain.ingest.normalise.core import Outcome, bad, ok
from supplychain.ingest.normalise.text import as_text

SEVERITIES: Final = ("critical", "major", "minor")
_SEVERITY_ALIASES: Final = {"zero tolerance": "critical", "serious": "major", "high": "major"}
_SPLIT: Final = re.compile(r"[;,|\n]+")


@dataclass(frozen=True)
class AuditColumn:
    name: str
    kind: str  # a supplier-intake value kind, or "severity" / "indicators"
    label: str
    aliases: tuple[str, ...]
    max_chars: int = 300


COLUMNS: Final[tuple[AuditColumn, ...]] = (
    AuditColumn(
        "supplier_id", "id", "Supplier ID", ("supplier ref", "vendor id", "supplier code"), 200
    ),
    AuditColumn("supplier_name", "text", "Supplier name", ("supplier", "vendor", "factory"), 500),
    AuditColumn("country", "country", "Country", ("country code", "country iso")),
    AuditColumn("audit_date", "date", "Audit date", ("date of audit", "audited on", "date")),
    AuditColumn("standard", "audit_standard", "Standard", ("audit standard", "scheme")),
    AuditColumn("result", "audit_result", "Result", ("audit result", "outcome", "rating")),
    AuditColumn("auditor", "text", "Auditor", ("audit firm", "audited by", "audit company"), 200),
    AuditColumn(
        "reference",
        "text",
        "Reference",
        ("audit reference", "report reference", "report id", "audit id"),
        100,
    ),
    AuditColumn("finding_title", "text", "Finding title", ("finding", "non conformity", "issue")),
    AuditColumn("severity", "severity", "Severity", ("finding severity", "grade")),
    AuditColumn(
        "indicators",
        "indicators",
        "ILO indicators",
        ("indicators", "ilo indicator", "forced labour indicators", "forced labor indicators"),
    ),
    AuditColumn("description", "text", "Description", ("finding description", "details"), 20_000),
)
BY_NAME: Final = {c.name: c for c in COLUMNS}
FINDING_FIELDS: Final = ("finding_title", "severity", "indicators", "description")
EXPECTED: Final = (
    "expected columns: Supplier ID (or Supplier name and Country), Audit date, "
    "Standard, Result, Auditor, Reference, Finding title, Severity, "
    "ILO indicators, Description"
)


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for col in COLUMNS:
        for alias in (col.name, col.label, *col.aliases):
            table.setdefault(normalise_header(alias), col.name)
    return table


ALIASES: Final = _aliases()


def indicator_table(indicators: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Normalised id or name -> indicator id, from the reference list's (id, name) pairs."""
    table: dict[str, int] = {}
    for ident, name in indicators:
        table[str(ident)] = ident
        table[normalise_header(name)] = ident
    return table


def parse_indicators(value: Any, table: Mapping[str, int]) -> Outcome:
    """'1;4', '1, 4' or names ('Deception; Isolation') -> a sorted tuple of indicator ids."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = as_text(value, 50).value
    if not isinstance(value, str):
        return bad("expected ILO indicator numbers (1 to 11) or names, separated by ';'")
    found: set[int] = set()
    for part in (p.strip() for p in _SPLIT.split(value)):
        ident = table.get(part) or table.get(normalise_header(part))
        if part and ident is None:
            return bad(f"{part!r} is not one of the 11 ILO forced-labour indicators (1 to 11)")
        if ident is not None:
            found.add(ident)
    return ok(tuple(sorted(found))) if found else bad("no ILO indicator given")


def parse_severity(value: Any) -> Outcome:
    text = normalise_header(value)
    found = text if text in SEVERITIES else _SEVERITY_ALIASES.get(text)
    return ok(found) if found else bad(f"unknown severity; use one of: {', '.join(SEVERITIES)}")


def find_header(rows: list[list], scan: int) -> int | None:
    for index, row in enumerate(rows[:scan]):
        if sum(1 for v in row if isinstance(v, str) and normalise_header(v) in ALIASES) >= 2:
            return index
    return None


def describe_columns(header: list, name: str) -> list[ColumnInfo]:
    """One ColumnInfo per non-empty header; a column named twice or a missing key rejects."""
    columns: list[ColumnInfo] = []
    seen: dict[str, ColumnInfo] = {}
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        info = ColumnInfo(
            str(value).strip(), column_letter(index), ALIASES.get(normalise_header(value))
        )
        key = info.field or normalise_header(value)
        if key in seen:
            raise reject(
                name,
                f"columns {seen[key].column} ({seen[key].header!r}) and "
                f"{info.column} ({info.header!r}) both hold {key}; remove one of them",
            )
        seen[key] = info
        columns.append(info)
    has = {c.field for c in columns}
    if "supplier_id" not in has and not {"supplier_name", "country"} <= has:
        raise reject(
            name,
            f"name the supplier with a Supplier ID column, or Supplier name and "
            f"Country columns; {EXPECTED}",
        )
    if "audit_date" not in has:
        raise reject(name, f"the required column Audit date is missing; {EXPECTED}")
    return columns
