"""The remediation view's figure functions on small frames."""

from __future__ import annotations

import pandas as pd

from dashboards.labels import indicator_names
from dashboards.remediation import figures


def status() -> pd.DataFrame:
    return pd.DataFrame(
        [("open", 4, 3), ("verified_closed", 2, 0), ("escalated", 1, 1), ("in_progress", 2, 0)],
        columns=["status", "actions", "overdue"],
    )


def remedy() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("EUR", "wages", 1, 5, 900.0, 900.0),
            ("USD", "recruitment_fees", 2, 40, 20000.0, 5000.0),
        ],
        columns=["currency", "kind", "entries", "workers", "owed", "repaid"],
    )


def test_kpis_open_overdue_closed_and_remedy() -> None:
    k = figures.kpis(status(), remedy())
    assert (k.open, k.overdue, k.closed, k.workers) == (7, 4, 2, 45)
    assert k.repaid == {"USD": (5000.0, 20000.0), "EUR": (900.0, 900.0)}
    assert list(k.repaid) == ["USD", "EUR"]  # the headline is the currency with most owed


def test_repaid_kpi_names_every_currency_and_adds_none_together() -> None:
    value, note = figures.repaid_kpi(figures.kpis(status(), remedy()).repaid)
    assert value == "USD 5.0k"
    assert note == "of USD 20.0k owed; also EUR 900 of EUR 900 (currencies are not added together)"
    assert figures.repaid_kpi({"BDT": (0.0, 150000.0)}) == ("BDT 0", "of BDT 150.0k owed")
    assert figures.repaid_kpi({}) == ("-", "no remedy recorded")


def test_kpis_without_any_action_or_remedy() -> None:
    empty = figures.kpis(status().iloc[0:0], remedy().iloc[0:0])
    assert (empty.open, empty.overdue, empty.closed, empty.workers, empty.repaid) == (
        0,
        0,
        0,
        0,
        {},
    )


def test_status_bars_follow_the_workflow_and_split_overdue() -> None:
    fig = figures.status_bars(status())
    on_time, overdue = fig["data"]
    assert list(on_time["x"]) == ["open", "in progress", "verified closed", "escalated"]
    assert list(on_time["y"]) == [1, 2, 2, 0] and list(overdue["y"]) == [3, 0, 0, 1]
    assert fig["layout"]["yaxis"]["dtick"] == 1  # few actions: whole numbers only


def test_ageing_keeps_bucket_order_and_fills_missing_buckets() -> None:
    ageing = pd.DataFrame(
        [("over 90 days", True, 2), ("0-30 days", False, 1)],
        columns=["bucket", "overdue", "actions"],
    )
    on_time, overdue = figures.ageing_bars(ageing)["data"]
    assert list(on_time["x"]) == ["0-30 days", "31-60 days", "61-90 days", "over 90 days"]
    assert list(on_time["y"]) == [1, 0, 0, 0] and list(overdue["y"]) == [0, 0, 0, 2]


def test_indicator_bars_show_all_eleven_ilo_indicators_by_name() -> None:
    indicators = pd.DataFrame(
        [(7, "open", 2), (9, "closed", 1)], columns=["indicator_id", "finding_status", "findings"]
    )
    fig = figures.indicator_bars(indicators, indicator_names())
    labels = list(fig["data"][0]["y"])
    assert len(labels) == 11 and "Retention of identity documents" in labels
    open_bars = next(t for t in fig["data"] if t["name"] == "open findings")
    counts = dict(zip(open_bars["y"], open_bars["x"], strict=True))
    assert counts["Retention of identity documents"] == 2 and counts["Debt bondage"] == 0


def test_owner_and_remedy_bars() -> None:
    owners = pd.DataFrame([("a@x", 3, 1), ("b@x", 1, 0)], columns=["owner", "open", "overdue"])
    on_time, overdue = figures.owner_bars(owners)["data"]
    assert list(on_time["y"]) == ["b@x", "a@x"] and list(overdue["x"]) == [0, 1]
    fig = figures.remedy_bars(remedy())
    repaid, outstanding = fig["data"]
    assert list(repaid["x"]) == ["wages (EUR)", "recruitment fees (USD)"]
    assert list(repaid["y"]) == [100.0, 25.0] and list(outstanding["y"]) == [0.0, 75.0]
    assert repaid["customdata"][1] == ["5,000.00", "15,000.00", "20,000.00", "USD", 40]
    assert fig["layout"]["yaxis"]["range"] == [0, 100]  # shares: no two currencies on one axis


def test_empty_frames_give_figures_that_say_so() -> None:
    assert (
        "No corrective actions"
        in figures.status_bars(status().iloc[0:0])["layout"]["annotations"][0]["text"]
    )
    assert (
        "No worker remedy"
        in figures.remedy_bars(remedy().iloc[0:0])["layout"]["annotations"][0]["text"]
    )
