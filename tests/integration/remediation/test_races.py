"""People changing the same action or ledger entry at once: the row is locked while it is
checked and changed, so one of two conflicting moves wins and the other is refused (both DBs)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from supplychain.db.models import ActionEvent, RemedyEntry
from supplychain.services.errors import ServiceError
from supplychain.services.remediation import actions, remedy
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.remediation.conftest import add_action, add_finding, user

ROUNDS = 5


def _race(db, calls) -> list[str]:
    """Run each call in its own transaction, all released at once; 'ok' or the refusal."""
    start = threading.Barrier(len(calls))

    def run(call) -> str:
        start.wait()
        try:
            with db.transaction() as s:
                call(s)
            return "ok"
        except ServiceError as exc:
            return exc.message

    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result(timeout=60) for f in [pool.submit(run, c) for c in calls]]


def test_two_moves_of_one_action_at_once(db, settings, seeded_a) -> None:
    company = seeded_a.tenant.company_id
    finding = add_finding(db, settings, seeded_a)
    for _ in range(ROUNDS):
        action = add_action(db, seeded_a, finding)

        def move(target: str, reason: str = "", action: int = action):
            return lambda s: actions.change_status(
                s, settings, company, None, action, target, reason
            )

        outcomes = _race(db, [move("in_progress"), move("in_progress")])  # two people, one click
        assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
        assert "cannot move from in_progress to in_progress" in "".join(outcomes)
        with db.reading() as s:
            moves = s.scalars(
                select(ActionEvent.from_status).where(
                    ActionEvent.action_id == action, ActionEvent.kind == "status"
                )
            )
            assert list(moves) == ["open"]


def test_two_repayments_at_once_never_exceed_what_is_owed(db, settings, seeded_a) -> None:
    company = seeded_a.tenant.company_id
    finding = add_finding(db, settings, seeded_a)
    for _ in range(ROUNDS):
        with db.transaction() as s:
            me = user(s, seeded_a.tenant.emails["compliance"])
            new = remedy.NewRemedy("wages", "USD", "100.00", 2)
            entry = remedy.add(s, company, me, finding, new).id

        def repay(s, entry=entry):
            remedy.record_repayment(s, company, None, entry, "60.00", None)

        outcomes = _race(db, [repay, repay])
        assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
        with db.reading() as s:
            assert s.get(RemedyEntry, entry).amount_repaid == Decimal("60.00")


def test_two_people_click_the_same_move_over_the_api(app, db, settings, seeded_a) -> None:
    """The API reads the action before changing it: the lock must re-read, not reuse, its state."""
    token = make_tokens(db, seeded_a.tenant)["compliance"]
    finding = add_finding(db, settings, seeded_a)
    for _ in range(ROUNDS):
        action = add_action(db, seeded_a, finding)
        start = threading.Barrier(2)

        def click(action: int = action, start: threading.Barrier = start) -> Any:
            client = app.test_client()
            start.wait()
            body = {"status": "in_progress"}
            return client.patch(f"/api/v1/actions/{action}", json=body, headers=bearer(token))

        with ThreadPoolExecutor(2) as pool:
            answers = [f.result(timeout=60) for f in [pool.submit(click) for _ in range(2)]]
        assert sorted(a.status_code for a in answers) == [200, 409], [a.json for a in answers]
