"""Correcting a recorded finding: every field, the audit trail's from/to, and the score following a
changed severity; over the API and on the finding page."""

from __future__ import annotations

from sqlalchemy import select

from supplychain.db.models import AuditEvent, Supplier
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.conftest import add_finding


def _score(db, supplier_id: int) -> float:
    with db.reading() as s:
        return s.get(Supplier, supplier_id).score


def test_correction_over_the_api_rescored_and_audited(app, db, settings, imported_a) -> None:
    sid = imported_a.suppliers["SUP-001"]
    finding = add_finding(db, settings, imported_a, "SUP-001", severity="critical")
    critical = _score(db, sid)
    headers = bearer(make_tokens(db, imported_a.tenant)["compliance"])
    client = app.test_client()
    answer = client.patch(
        f"/api/v1/findings/{finding}",
        json={"severity": "minor", "indicators": [11, 8], "found_on": "2026-09-30"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["severity"] == "minor" and answer.json["found_on"] == "2026-09-30"
    assert [i["id"] for i in answer.json["indicators"]] == [8, 11]
    assert _score(db, sid) == critical - 15 + 1  # the default rule set: critical 15, minor 1
    assert answer.json["supplier"]["score"] == _score(db, sid)
    with db.reading() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "finding.updated"))
        causes = list(
            s.scalars(select(AuditEvent.details).where(AuditEvent.action == "supplier.rescored"))
        )
    assert event.actor == imported_a.tenant.emails["compliance"]
    assert event.details == {
        "severity": {"from": "critical", "to": "minor"},
        "indicators": {"from": [7, 9], "to": [8, 11]},
        "found_on": {"from": None, "to": "2026-09-30"},
    }
    assert causes[-1]["cause"] == f"finding {finding} severity critical -> minor"
    same = client.patch(f"/api/v1/findings/{finding}", json={"severity": "minor"}, headers=headers)
    assert same.status_code == 200
    with db.reading() as s:
        updates = s.scalars(select(AuditEvent).where(AuditEvent.action == "finding.updated"))
        assert len(list(updates)) == 1  # no change, no event
    for body, message in (
        ({"indicators": []}, "ILO indicator ids"),
        ({"severity": "grave"}, "is not one of"),
        ({"title": " "}, "title is required"),
        ({"colour": "red"}, "Send one or more of"),
        ({}, "Send one or more of"),
    ):
        refused = client.patch(f"/api/v1/findings/{finding}", json=body, headers=headers)
        assert refused.status_code == 400 and message in refused.json["error"], body


def test_correction_on_the_finding_page(app, db, settings, seeded_a) -> None:
    finding = add_finding(db, settings, seeded_a, "SUP-002", severity="major")
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    page = client.get(f"/remediation/findings/{finding}").get_data(as_text=True)
    assert 'id="edit-finding"' in page and 'value="7" checked' in page
    assert '<option value="major" selected>' in page  # the form shows the finding as it is
    assert 'id="edit-title"' in page and 'id="edit-source_type"' in page
    form = {
        "csrf_token": csrf_from(page),
        "title": "Passports held by the HR office",
        "severity": "major",
        "indicators": ["7", "3"],
        "description": "",
        "source_type": "media",
        "source_ref": "https://news.example/article",
        "found_on": "",
    }
    page = client.post(
        f"/remediation/findings/{finding}/edit", data=form, follow_redirects=True
    ).get_data(as_text=True)
    assert "Finding saved." in page and "<h1>Passports held by the HR office</h1>" in page
    assert "source: media (https://news.example/article)" in page
    assert "3. Restriction of movement" in page
    refused = client.post(
        f"/remediation/findings/{finding}/edit",
        data={**form, "indicators": []},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert 'class="flash error"' in refused and "no ILO indicator given" in refused
    reader = app.test_client()
    login(reader, seeded_a.tenant.emails["auditor"])
    assert 'id="edit-finding"' not in reader.get(f"/remediation/findings/{finding}").get_data(True)
