"""Normalisers for identifiers, numbers, percentages, money, URLs and audit vocabularies."""

from __future__ import annotations

import math
import re
from typing import Any, Final

from supplychain.ingest.mapping import normalise_header
from supplychain.ingest.normalise.core import EMPTY, Outcome, bad, ok
from supplychain.ingest.normalise.text import MAX_SAFE_DIGITS, number_text

PLAIN_NUMBER: Final = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS: Final = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DOMAIN: Final = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$")
_NUMBER_POLICY: Final = "use digits with '.' as the decimal separator"
_TIER: Final = re.compile(r"^(?:tier|t)?\s*-?\s*(\d{1,2})(?:st|nd|rd|th)?(?:\s*tier)?$")
_DIRECT: Final = frozenset({"direct", "direct supplier"})
_TIER_POLICY: Final = "expected a tier number: 1 for a direct supplier, 2 for its supplier, ..."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_number(value: Any) -> float | None:
    """A float from a number cell or text like '1234.5' or '1,234.50'; None if not a number."""
    if _is_number(value):
        return None if math.isnan(value) else float(value)
    if not isinstance(value, str):
        return None
    text = value.replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return float(text) if PLAIN_NUMBER.match(text) else None


def identifier(value: Any) -> Outcome:
    """Identifiers stay text; a number that lost precision in Excel is an error."""
    if _is_number(value):
        if isinstance(value, float) and abs(value) >= 10**MAX_SAFE_DIGITS:
            return bad(
                "ID stored as a number lost precision; format the column as Text and "
                "type the ID again"
            )
        return ok(number_text(value))
    return ok(value) if isinstance(value, str) else bad("expected an identifier (text)")


def whole_number(value: Any) -> Outcome:
    number = parse_number(value)
    if number is None or not number.is_integer():
        return bad(f"expected a whole number; {_NUMBER_POLICY}")
    return ok(int(number))


def tier(value: Any) -> Outcome:
    """A supply-chain tier: 2, 'Tier 2', 'T2', '2nd', or 'direct' for 1."""
    number = parse_number(value)
    if number is not None:
        return whole_number(value) if number.is_integer() else bad(_TIER_POLICY)
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _DIRECT:
            return ok(1)
        if found := _TIER.match(text):
            return ok(int(found.group(1)))
    return bad(_TIER_POLICY)


def money(value: Any) -> Outcome:
    number = parse_number(value)
    return bad(f"expected an amount; {_NUMBER_POLICY}") if number is None else ok(number)


def percent(value: Any) -> Outcome:
    """45 and '45%' -> 45.0 (a cell formatted as % is scaled by the caller)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    number = parse_number(value)
    return (
        bad(f"expected a percentage between 0 and 100; {_NUMBER_POLICY}")
        if number is None
        else ok(number)
    )


def website(value: Any) -> Outcome:
    """Only http(s) links; a bare domain gets https:// with a warning."""
    if not isinstance(value, str):
        return bad("expected a web address starting with http:// or https://")
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")) and len(value) > 8 and " " not in value:
        return ok(value)
    if ":" not in value.split("/", 1)[0] and _DOMAIN.match(value):
        return ok("https://" + value, f"read as https://{value}")
    return bad("only web addresses starting with http:// or https:// are accepted")


AUDIT_RESULTS: Final = {
    "passed": (
        "pass",
        "passed",
        "approved",
        "compliant",
        "green",
        "ok",
        "bestanden",
        "conforme",
        "aprobado",
        "aprovado",
        "通过",
        "合格",
    ),
    "conditional": (
        "conditional",
        "conditionally passed",
        "pass with conditions",
        "passed with conditions",
        "approved with conditions",
        "conditionally approved",
        "conditional pass",
        "amber",
        "yellow",
        "minor",
        "bedingt",
        "conditionnel",
        "condicional",
        "有条件通过",
    ),
    "failed": (
        "fail",
        "failed",
        "not passed",
        "non compliant",
        "non-compliant",
        "red",
        "rejected",
        "nicht bestanden",
        "non conforme",
        "echec",
        "échec",
        "rechazado",
        "reprovado",
        "不通过",
        "不合格",
    ),
    "none": (
        "none",
        "not audited",
        "no audit",
        "never audited",
        "kein audit",
        "aucun",
        "ninguno",
        "nenhum",
        "无",
    ),
}
AUDIT_STANDARDS: Final = {
    "SMETA": ("smeta", "sedex", "sedex smeta", "smeta 4 pillar", "smeta 2 pillar"),
    "amfori BSCI": ("amfori bsci", "bsci", "amfori"),
    "SA8000": ("sa8000", "sa 8000", "sa-8000"),
    "RBA": ("rba", "eicc", "rba vap", "responsible business alliance"),
    "WRAP": ("wrap",),
    "other": ("other", "andere", "autre", "otro", "outro", "其他"),
}


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Alias (compared as normalise_header spells it: 'SMETA 4-pillar' = 'smeta 4 pillar')."""
    return {
        normalise_header(alias): key for key, aliases in table.items() for alias in (key, *aliases)
    }


_RESULTS: Final = _lookup(AUDIT_RESULTS)
_STANDARDS: Final = _lookup(AUDIT_STANDARDS)
_SCHEMES: Final = frozenset({"smeta", "sedex", "bsci", "amfori", "sa8000", "rba", "eicc", "wrap"})


def audit_result(value: Any) -> Outcome:
    if not isinstance(value, str):
        return EMPTY if value is None else bad("expected an audit result")
    found = _RESULTS.get(normalise_header(value))
    allowed = ", ".join(AUDIT_RESULTS)
    return ok(found) if found else bad(f"unknown audit result; use one of: {allowed}")


def audit_standard(value: Any) -> Outcome:
    """Known schemes map to their code; any other named scheme is kept as 'other', warned."""
    if not isinstance(value, str):
        return bad("expected the name of an audit standard")
    spelt = normalise_header(value)
    found = _STANDARDS.get(spelt)
    if found:
        return ok(found)
    named = {_STANDARDS[word] for word in spelt.split() if word in _SCHEMES}
    if len(named) == 1:  # 'Sedex SMETA 6.1 4-pillar audit' names one known scheme
        (code,) = named
        return ok(code, f"audit standard {value!r} read as {code}")
    return ok("other", f"audit standard {value!r} recorded as 'other'")
