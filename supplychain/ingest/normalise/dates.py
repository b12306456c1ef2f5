"""Dates from date cells, ISO text and Excel serial numbers (1900 or 1904 date system)."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any, Final

from supplychain.ingest.normalise.core import Normaliser, Outcome, bad, ok

EPOCH_1900: Final = dt.datetime(1899, 12, 30)
EPOCH_1904: Final = dt.datetime(1904, 1, 1)
FAKE_LEAP_DAY: Final = 60  # 1900-02-29 does not exist; Excel's serial 60 is a bug
MAX_SERIAL: Final = 2_958_465  # 9999-12-31
_ISO: Final = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DMY: Final = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_ISO_HINT: Final = "write dates as YYYY-MM-DD"
_MIN: Final = dt.datetime(1677, 9, 22)


def _midnight(year: int, month: int, day: int) -> Outcome:
    try:
        value = dt.datetime(year, month, day)
    except ValueError:
        return bad(f"not a valid date; {_ISO_HINT}")
    return ok(value) if value >= _MIN else bad(f"date is before 1678; {_ISO_HINT}")


def from_serial(serial: float, date1904: bool) -> Outcome:
    if not 1 <= serial <= MAX_SERIAL:
        return bad(f"the number {serial:g} is not a date; {_ISO_HINT}")
    if date1904:
        return ok(EPOCH_1904 + dt.timedelta(days=int(serial)))
    if int(serial) == FAKE_LEAP_DAY:
        return bad("serial 60 is 29 February 1900, a date that does not exist; correct it")
    if serial < FAKE_LEAP_DAY:
        return ok(EPOCH_1900 + dt.timedelta(days=int(serial) + 1))
    return ok(EPOCH_1900 + dt.timedelta(days=int(serial)))


def from_text(text: str) -> Outcome:
    """ISO text, or day/month/year when it cannot be read the other way round."""
    iso = _ISO.match(text)
    if iso:
        return _midnight(int(iso[1]), int(iso[2]), int(iso[3]))
    dmy = _DMY.match(text)
    if not dmy:
        return bad(f"not a date; {_ISO_HINT}")
    first, second, year = int(dmy[1]), int(dmy[2]), int(dmy[3])
    if first <= 12 and second <= 12 and first != second:
        return bad(f"ambiguous date: day and month could be either way round; {_ISO_HINT}")
    if first > 12:
        return _midnight(year, second, first)
    return _midnight(year, first, second)


def date_value(value: Any, date1904: bool = False) -> Outcome:
    if isinstance(value, dt.datetime):
        return ok(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, dt.date):
        return ok(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_serial(float(value), date1904)
    if isinstance(value, str):
        return from_text(value)
    return bad(f"not a date; {_ISO_HINT}")


def date_normaliser(date1904: bool) -> Normaliser:
    return partial(date_value, date1904=date1904)
