"""Every corrective-action transition, allowed and refused, through the API and the pages."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from supplychain.db.models import ActionEvent, AuditEvent, CorrectiveAction, Finding
from supplychain.services.remediation.workflow import TRANSITIONS
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.conftest import add_action, add_finding


def _move(
    client: FlaskClient,
    action_id: int,
    token: str,
    to: str,
    *,
    follow_redirects: bool = True,
    **fields: str,
) -> TestResponse:
    """Press the finding page's button that moves the action to ``to`` (``fields``: its reason)."""
    return client.post(
        f"/remediation/actions/{action_id}/status",
        data={"to": to, "csrf_token": token, **fields},
        follow_redirects=follow_redirects,
    )


def _force(db, action_id: int, finding_id: int, status: str) -> None:
    """Put the action in ``status`` (test set-up, bypassing the workflow) and reopen the finding."""
    with db.transaction() as s:
        s.execute(
            update(CorrectiveAction).where(CorrectiveAction.id == action_id).values(status=status)
        )
        s.execute(
            update(Finding)
            .where(Finding.id == finding_id)
            .values(status="open", verified_closed_at=None)
        )


def test_every_transition_allowed_or_refused_over_the_api(app, db, settings, seeded_a) -> None:
    token = make_tokens(db, seeded_a.tenant)["compliance"]
    client = app.test_client()
    finding_id = add_finding(db, settings, seeded_a)
    action_id = add_action(db, seeded_a, finding_id)
    for current, allowed in TRANSITIONS.items():
        for target in TRANSITIONS:
            _force(db, action_id, finding_id, current)
            body = {"status": target, "reason": "supplier stopped answering"}
            answer = client.patch(f"/api/v1/actions/{action_id}", json=body, headers=bearer(token))
            if target in allowed:
                assert answer.status_code == 200, (current, target, answer.json)
                assert answer.json["status"] == target
                assert answer.json["allowed_next"] == list(TRANSITIONS[target])
                event = answer.json["events"][-1]
                assert (event["from"], event["to"]) == (current, target)
            else:
                assert answer.status_code == 409, (current, target, answer.json)
                message = answer.json["error"]
                assert f"from {current} to {target}" in message
                names = ", ".join(allowed) if allowed else f"none ({current} is final)"
                assert f"allowed next statuses: {names}" in message
    with db.reading() as s:
        changes = s.scalars(select(AuditEvent).where(AuditEvent.action == "action.status_changed"))
        recorded = {(e.details["from"], e.details["to"]) for e in changes}
    assert recorded == {(a, b) for a, nxt in TRANSITIONS.items() for b in nxt}


def test_reason_required_to_cancel_or_escalate(app, db, settings, seeded_a) -> None:
    token = make_tokens(db, seeded_a.tenant)["compliance"]
    client = app.test_client()
    action_id = add_action(db, seeded_a, add_finding(db, settings, seeded_a))
    for target in ("cancelled", "escalated"):
        answer = client.patch(
            f"/api/v1/actions/{action_id}", json={"status": target}, headers=bearer(token)
        )
        assert answer.status_code == 409
        assert f"from open to {target} needs a reason" in answer.json["error"]
    escalated = client.patch(
        f"/api/v1/actions/{action_id}",
        json={"status": "escalated", "reason": "supplier ignores three reminders"},
        headers=bearer(token),
    )
    assert escalated.status_code == 200
    assert escalated.json["status_reason"] == "supplier ignores three reminders"
    answer = client.patch(
        f"/api/v1/actions/{action_id}",
        json={"status": "cancelled", "reason": "duplicate of action 1"},
        headers=bearer(token),
    )
    assert answer.status_code == 200
    assert answer.json["cancel_reason"] == "duplicate of action 1"
    assert answer.json["status_reason"] == "duplicate of action 1"
    reasons = [(e["to"], e["comment"]) for e in answer.json["events"] if e["kind"] == "status"]
    assert reasons == [
        ("escalated", "supplier ignores three reminders"),
        ("cancelled", "duplicate of action 1"),
    ]


def test_the_page_shows_why_an_action_was_escalated(app, db, settings, seeded_a) -> None:
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    finding_id = add_finding(db, settings, seeded_a)
    action_id = add_action(db, seeded_a, finding_id)
    token = csrf_from(client.get(f"/remediation/findings/{finding_id}").get_data(as_text=True))
    refused = _move(client, action_id, token, "escalated", reason=" ").get_data(as_text=True)
    assert "from open to escalated needs a reason" in refused
    escalated = _move(client, action_id, token, "escalated", reason="no reply in 30 days")
    assert '<span class="status-reason">no reply in 30 days</span>' in escalated.get_data(True)


def test_workflow_on_the_finding_page_closes_the_finding(app, db, settings, seeded_a) -> None:
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    finding_id = add_finding(db, settings, seeded_a)
    action_id = add_action(db, seeded_a, finding_id)
    page = client.get(f"/remediation/findings/{finding_id}").get_data(as_text=True)
    assert 'data-to="in_progress"' in page and 'data-to="verified_closed"' not in page
    token = csrf_from(page)
    refused = _move(client, action_id, token, "verified_closed")
    assert "cannot move from open to verified_closed" in refused.get_data(as_text=True)
    for target in ("in_progress", "pending_verification", "verified_closed"):
        answer = _move(client, action_id, token, target, follow_redirects=False)
        assert answer.status_code == 302
    page = client.get(f"/remediation/findings/{finding_id}").get_data(as_text=True)
    assert "verified closed" in page and "data-to=" not in page
    with db.reading() as s:
        finding = s.get(Finding, finding_id)
        history = s.scalars(select(ActionEvent.kind).where(ActionEvent.action_id == action_id))
        assert finding.status == "closed" and finding.verified_closed_at is not None
        assert list(history) == ["created", "status", "status", "status"]
    comment = client.post(
        f"/remediation/actions/{action_id}/comments",
        data={"comment": "<b>checked</b> on site", "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "&lt;b&gt;checked&lt;/b&gt; on site" in comment
