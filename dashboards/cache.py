"""Aggregates that only change when a company's scores change, kept per Flask app.

The key is (company, data version, what was asked). The version is the company's newest
assessment id: imports and rescoring add assessments as they update suppliers, so new scores
make new keys and nothing stale is ever served. The company is always in the key (two companies
never share an entry), and the store lives in ``app.extensions`` (two apps in one process, as in
the tests, never share one either). Live data such as corrective actions is not cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplychain.db.models import Assessment

T = TypeVar("T")
MAX_ENTRIES = 128
EXTENSION = "dashboards.cache"


class AggregateCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value


def data_version(session: Session, company_id: int) -> int:
    """The company's newest assessment id (read from the company_id index)."""
    newest = select(func.max(Assessment.id)).where(Assessment.company_id == company_id)
    return int(session.scalar(newest) or 0)


def cached(session: Session, company_id: int, what: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (company, data version, what) in this Flask app."""
    store: AggregateCache = current_app.extensions.setdefault(EXTENSION, AggregateCache())
    key = (company_id, data_version(session, company_id), what)
    return store.get_or_compute(key, compute)
