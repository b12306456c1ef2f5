"""The corrective-action transition table and its checks (pure)."""

from __future__ import annotations

import itertools

import pytest

from supplychain.db.models.remediation import ACTION_STATUSES
from supplychain.services.errors import Conflict, ServiceError
from supplychain.services.remediation import workflow

PAIRS = list(itertools.product(ACTION_STATUSES, repeat=2))


def test_table_covers_exactly_the_stored_statuses() -> None:
    assert set(workflow.TRANSITIONS) == set(ACTION_STATUSES) == set(workflow.LABELS)
    for nxt in workflow.TRANSITIONS.values():
        assert set(nxt) <= set(ACTION_STATUSES)


def test_the_documented_path_to_verified_closed() -> None:
    path = ["open", "in_progress", "pending_verification", "verified_closed"]
    for current, target in itertools.pairwise(path):
        workflow.check_transition(current, target, None)
    assert {"verified_closed", "cancelled"} == workflow.TERMINAL
    assert workflow.allowed_next("verified_closed") == []


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_pair_is_allowed_or_refused_with_the_allowed_list(current: str, target: str) -> None:
    allowed = workflow.TRANSITIONS[current]
    if target in allowed:
        workflow.check_transition(current, target, "a reason")
        return
    with pytest.raises(Conflict) as refused:
        workflow.check_transition(current, target, "a reason")
    message = refused.value.message
    assert f"from {current} to {target}" in message
    assert (", ".join(allowed) if allowed else "is final") in message


@pytest.mark.parametrize("target", ["cancelled", "escalated"])
def test_cancel_and_escalate_need_a_reason(target: str) -> None:
    with pytest.raises(ServiceError, match="needs a reason"):
        workflow.check_transition("open", target, "  ")
    workflow.check_transition("open", target, "supplier closed the site")


def test_unknown_status_is_named() -> None:
    with pytest.raises(ServiceError, match="Unknown status 'done'"):
        workflow.check_transition("open", "done", None)


@pytest.mark.parametrize(
    ("statuses", "closed"),
    [
        ([], False),
        (["cancelled"], False),
        (["verified_closed"], True),
        (["verified_closed", "cancelled"], True),
        (["verified_closed", "in_progress"], False),
        (["verified_closed", "escalated"], False),
    ],
)
def test_finding_closes_only_when_every_live_action_is_verified(
    statuses: list[str], closed: bool
) -> None:
    assert workflow.finding_closed(statuses) is closed
