"""One function that makes a value safe to write into any exported CSV or XLSX cell.

A string whose first non-space character could start a formula (``= + - @ | %`` or a TAB, CR, LF)
is prefixed with ``'`` so spreadsheet programs show it as text (OWASP CSV injection, ASVS 1.2.10).
Control characters other than TAB, LF and CR are removed, because they break XLSX files.
Numbers, dates, booleans and None are returned unchanged: a negative number stays a number.
"""

from __future__ import annotations

import re
from typing import Any, Final

TRIGGERS: Final[frozenset[str]] = frozenset("=+-@\t\r\n|%")
_CONTROL: Final[re.Pattern[str]] = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEADING_SPACE: Final[str] = " \u00a0"


def strip_control(text: str) -> str:
    """Remove control characters except TAB, LF and CR."""
    return _CONTROL.sub("", text)


def safe_cell(value: Any) -> Any:
    """Return ``value`` neutralised for export (strings only; other types pass through)."""
    if not isinstance(value, str):
        return value
    text = strip_control(value)
    first = text.lstrip(_LEADING_SPACE)[:1]
    if (first and first in TRIGGERS) or text[:1] in TRIGGERS:
        return "'" + text
    return text
