"""Map spreadsheet headers onto the canonical fields, using aliases kept as data."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from supplychain.domain.fields import FIELD_NAMES, FIELDS
from supplychain.ingest.reference import TAXONOMY, load_yaml

ALIASES_FILE: Final = TAXONOMY / "column_aliases.yaml"
_INVISIBLE: Final = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_PUNCT: Final = re.compile(r"[\W_]+")


def normalise_header(value: Any) -> str:
    """NFKC, casefold, drop BOM/zero-width characters, punctuation to single spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _INVISIBLE.sub("", text).casefold()
    return _PUNCT.sub(" ", text).strip()


@cache
def alias_table() -> dict[str, str]:
    """Normalised alias -> field name (field names and labels included)."""
    table: dict[str, str] = {}
    for field in FIELDS:
        table[normalise_header(field.name)] = field.name
        table[normalise_header(field.label)] = field.name
    for field, aliases in load_yaml(ALIASES_FILE)["fields"].items():
        if field not in FIELD_NAMES:
            raise ValueError(f"{ALIASES_FILE.name}: unknown field {field!r}")
        for alias in aliases:
            table.setdefault(normalise_header(alias), field)
    return table


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """One spreadsheet column: its header, letter and the field it maps to (None = extra)."""

    header: str
    column: str
    field: str | None

    def to_dict(self) -> dict:
        return {"header": self.header, "column": self.column, "field": self.field}


def field_for(header: Any, override: dict[str, str] | None = None) -> str | None:
    """The field a header maps to: the override first (exact or normalised), then aliases."""
    key = normalise_header(header)
    if override:
        for given, field in override.items():
            if given == header or normalise_header(given) == key:
                return field if field in FIELD_NAMES else None
    return alias_table().get(key)


def validate_override(override: dict[str, str] | None) -> list[str]:
    """Fields named in an override that do not exist (empty when the override is valid)."""
    return [f for f in (override or {}).values() if f and f not in FIELD_NAMES]


def header_fingerprint(headers: list[str]) -> str:
    """A stable hash of the normalised header list, used to reuse confirmed mappings."""
    joined = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()
