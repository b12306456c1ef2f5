"""The canonical supplier fields: the contract between intake, scoring and storage.

Intake maps a spreadsheet's columns onto these fields and produces a pandas DataFrame with one
column per field (missing optional fields are present and null), plus ``row`` (the row number a
person sees in the spreadsheet) and ``extra`` (a dict of the columns that mapped to no field).
Scoring reads that frame; storage writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

FieldKind = Literal[
    "text",
    "id",
    "country",
    "sector",
    "goods",
    "int",
    "percent",
    "money",
    "date",
    "audit_result",
    "audit_standard",
    "url",
]


@dataclass(frozen=True, slots=True)
class Field:
    """One canonical field: its name, what kind of value it holds and whether it is required."""

    name: str
    kind: FieldKind
    required: bool = False
    label: str = ""


FIELDS: Final[tuple[Field, ...]] = (
    Field("supplier_name", "text", required=True, label="Supplier name"),
    Field("country", "country", required=True, label="Country"),
    Field("supplier_id", "id", label="Supplier ID"),
    Field("address", "text", label="Address"),
    Field("city", "text", label="City"),
    Field("region", "text", label="Region / province / state"),
    Field("sector", "sector", label="Sector"),
    Field("goods", "goods", label="Goods"),
    Field("tier", "int", label="Supply-chain tier (1 = direct)"),
    Field("parent_company", "text", label="Parent company"),
    Field("workers", "int", label="Workers"),
    Field("migrant_workers_pct", "percent", label="Migrant workers (%)"),
    Field("annual_spend", "money", label="Annual spend"),
    Field("currency", "text", label="Currency"),
    Field("audit_date", "date", label="Last audit date"),
    Field("audit_result", "audit_result", label="Audit result"),
    Field("audit_standard", "audit_standard", label="Audit standard"),
    Field("certifications", "text", label="Certifications"),
    Field("website", "url", label="Website"),
    Field("notes", "text", label="Notes"),
)

FIELD_NAMES: Final[tuple[str, ...]] = tuple(f.name for f in FIELDS)
REQUIRED_FIELDS: Final[tuple[str, ...]] = tuple(f.name for f in FIELDS if f.required)
FIELDS_BY_NAME: Final[dict[str, Field]] = {f.name: f for f in FIELDS}

AUDIT_RESULTS: Final[tuple[str, ...]] = ("passed", "conditional", "failed", "none")
AUDIT_STANDARDS: Final[tuple[str, ...]] = ("SMETA", "amfori BSCI", "SA8000", "RBA", "WRAP", "other")
TIERS: Final[tuple[str, ...]] = ("low", "medium", "high", "critical")
