"""The dashboards' aggregate cache on its own: keys, versions and one computation per key."""

from __future__ import annotations

import threading

import pytest

from dashboards.cache import AggregateCache


def test_each_company_and_version_has_its_own_entry() -> None:
    cache = AggregateCache()
    assert cache.get_or_compute(1, (1, 10), "cube", lambda: "acme v1") == "acme v1"
    assert cache.get_or_compute(2, (1, 10), "cube", lambda: "beta v1") == "beta v1"
    assert cache.get_or_compute(1, (1, 10), "cube", lambda: "recomputed") == "acme v1"
    assert cache.get_or_compute(1, (2, 10), "cube", lambda: "acme v2") == "acme v2"
    assert cache.get_or_compute(1, (2, 10), "mix", lambda: "acme mix") == "acme mix"


def test_a_newer_version_drops_the_company_s_older_entries_only() -> None:
    cache = AggregateCache()
    cache.get_or_compute(1, (1, 10), "cube", lambda: "acme v1")
    cache.get_or_compute(2, (1, 10), "cube", lambda: "beta v1")
    cache.get_or_compute(1, (1, 11), "cube", lambda: "acme v2")
    assert cache.get_or_compute(1, (1, 10), "cube", lambda: "gone") == "gone"
    assert cache.get_or_compute(2, (1, 10), "cube", lambda: "gone") == "beta v1"


def test_least_recently_used_entries_go_first() -> None:
    cache = AggregateCache(max_entries=2)
    cache.get_or_compute(1, (0, 0), "a", lambda: "a")
    cache.get_or_compute(1, (0, 0), "b", lambda: "b")
    cache.get_or_compute(1, (0, 0), "a", lambda: "again")  # a is now the most recent
    cache.get_or_compute(1, (0, 0), "c", lambda: "c")
    assert cache.get_or_compute(1, (0, 0), "a", lambda: "again") == "a"
    assert cache.get_or_compute(1, (0, 0), "b", lambda: "b again") == "b again"


def test_concurrent_callers_share_one_computation() -> None:
    """The second caller waits for the first one's scan instead of running it again."""
    cache = AggregateCache()
    started, release = threading.Event(), threading.Event()
    computed: list[str] = []
    results: dict[str, str] = {}

    def slow() -> str:
        computed.append("first")
        started.set()
        release.wait(10)
        return "cube"

    def call(name: str, compute: object) -> None:
        results[name] = cache.get_or_compute(1, (3, 7), "cube", compute)  # type: ignore[arg-type]

    first = threading.Thread(target=call, args=("first", slow))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=call, args=("second", lambda: computed.append("second")))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second caller ran its own computation instead of waiting"
    release.set()
    first.join(10)
    second.join(10)
    assert computed == ["first"] and results == {"first": "cube", "second": "cube"}


def test_a_failed_computation_is_not_kept() -> None:
    cache = AggregateCache()

    def boom() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cache.get_or_compute(1, (0, 0), "cube", boom)
    assert cache.get_or_compute(1, (0, 0), "cube", lambda: "fine") == "fine"
