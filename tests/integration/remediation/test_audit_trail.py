"""Every remediation change, on the pages and over the API, is in the company's audit trail with
who made it, and the hash chain stays intact."""

from __future__ import annotations

import io

from sqlalchemy import select

from supplychain.db.models import AuditEvent, CorrectiveAction, RemedyEntry
from supplychain.services import audit
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.world import PDF


def _trail(db, company_id: int, after: int) -> list[tuple[str, str]]:
    with db.reading() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.action)
            .where(AuditEvent.company_id == company_id, AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
        ).all()
    return [(r.actor, r.action) for r in rows]


def _head(db, company_id: int) -> int:
    with db.reading() as s:
        events = audit.events(s, company_id)
    return events[-1].seq if events else 0


def test_every_change_is_in_the_audit_trail(app, db, settings, seeded_a) -> None:
    company, me = seeded_a.tenant.company_id, seeded_a.tenant.emails["compliance"]
    client = app.test_client()
    login(client, me)
    api = bearer(make_tokens(db, seeded_a.tenant)["compliance"])
    start = _head(db, company)
    sid = seeded_a.suppliers["SUP-001"]
    token = csrf_from(client.get(f"/remediation/findings/new?supplier_id={sid}").get_data(True))

    def post(path: str, **data):
        files = "file" in data
        if files:
            data["file"] = (io.BytesIO(PDF), "receipt.pdf")
        answer = client.post(
            path,
            data={**data, "csrf_token": token},
            content_type="multipart/form-data" if files else None,
        )
        assert answer.status_code == 302, (path, answer.status_code)
        return answer

    found = post(
        "/remediation/findings/new",
        supplier_id=str(sid),
        title="Passports held",
        severity="critical",
        indicators="7",
        source_type="audit",
    )
    finding = int(found.location.rsplit("/", 1)[1])
    post(
        f"/remediation/findings/{finding}/actions",
        title="Return them",
        owner="hr",
        due_date="2027-01-01",
    )
    with db.reading() as s:
        action = s.scalar(select(CorrectiveAction.id))
    post(f"/remediation/actions/{action}/comments", comment="Called the site")
    post(f"/remediation/findings/{finding}/attachments", file="pdf", action_id=str(action))
    post(
        f"/remediation/findings/{finding}/remedy",
        kind="recruitment_fees",
        currency="USD",
        amount_owed="100",
        workers="2",
    )
    with db.reading() as s:
        entry = s.scalar(select(RemedyEntry.id))
    post(f"/remediation/remedy/{entry}/repayments", amount="100", file="pdf")
    post(f"/remediation/remedy/{entry}/verify")
    changed = client.patch(
        f"/api/v1/actions/{action}", json={"owner": "gm", "status": "in_progress"}, headers=api
    )
    assert changed.status_code == 200
    for target in ("pending_verification", "verified_closed"):
        post(f"/remediation/actions/{action}/status", to=target)

    system = "system"
    assert _trail(db, company, start) == [
        (me, "finding.created"),
        (system, "supplier.rescored"),
        (me, "action.created"),
        (me, "action.commented"),
        (me, "attachment.added"),
        (me, "remedy.recorded"),
        (me, "attachment.added"),
        (me, "remedy.repaid"),
        (me, "remedy.verified"),
        (me, "action.updated"),
        (me, "action.status_changed"),
        (me, "action.status_changed"),
        (me, "action.status_changed"),
        (me, "finding.verified_closed"),
        (system, "supplier.rescored"),
    ]
    with db.reading() as s:
        assert audit.verify(s, company) is None
    page = client.get(f"/remediation/findings/{finding}").get_data(as_text=True)
    assert "<td>Return them</td>" in page  # the evidence attached to the action says so
