"""Aggregates that only change when a company's data changes, kept per Flask app.

The key is (company, data version, what was asked). The company is always in the key (two
companies never share an entry) and the store lives in ``app.extensions`` (two apps in one
process, as in the tests, never share one either).

The data version is read from the database on every call, so every process sees an import at
once (nothing to invalidate by hand, nothing shared between processes):
- the company's newest assessment id: imports, rescoring and remediation rescoring add
  assessments whenever they change a supplier's values or score;
- the sequence number of the company's audit chain head: every state change appends an audit
  event, and writers hold the head row locked until they commit, so it grows in commit order.
  That covers two imports of one company committing out of id order on PostgreSQL (the later
  commit can hold the smaller assessment ids, which the newest id alone would miss).
Once a company's version moves, its older entries are dropped.

Concurrent callers asking for the same missing entry (every open dashboard refreshing after an
import) wait for one computation instead of each running the same scans.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplychain.db.models import Assessment, AuditChainHead

T = TypeVar("T")
MAX_ENTRIES = 128
EXTENSION = "dashboards.cache"
Version = tuple[int, int]


class AggregateCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[int, Version, Hashable], Any] = OrderedDict()
        self._computing: dict[tuple[int, Version, Hashable], threading.Lock] = {}
        self._lock = threading.Lock()
        self._max = max_entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get_or_compute(
        self, company_id: int, version: Version, what: Hashable, compute: Callable[[], T]
    ) -> T:
        key = (company_id, version, what)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # one computation per key; the others wait for it and read its result
            with self._lock:
                if key in self._entries:
                    return self._entries[key]  # type: ignore[no-any-return]
            try:
                value = compute()
                with self._lock:
                    self._store(key, value)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def _store(self, key: tuple[int, Version, Hashable], value: Any) -> None:
        company_id, version, _ = key
        for old in [k for k in self._entries if k[0] == company_id and k[1] < version]:
            del self._entries[old]
        self._entries[key] = value
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)


def data_version(session: Session, company_id: int) -> Version:
    """(audit chain head sequence, newest assessment id) of the company: one query, two index
    reads."""
    head = select(AuditChainHead.seq).where(AuditChainHead.company_id == company_id)
    newest = select(func.max(Assessment.id)).where(Assessment.company_id == company_id)
    seq, assessment = session.execute(
        select(head.scalar_subquery(), newest.scalar_subquery())
    ).one()
    return int(seq or 0), int(assessment or 0)


def cached(session: Session, company_id: int, what: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (company, data version, what) in this Flask app."""
    store: AggregateCache = current_app.extensions.setdefault(EXTENSION, AggregateCache())
    return store.get_or_compute(company_id, data_version(session, company_id), what, compute)
