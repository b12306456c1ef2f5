"""The worker remedy ledger: amounts, repayments with evidence, verification, totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from supplychain.db.models import AuditEvent, RemedyEntry
from supplychain.services.errors import Conflict, ServiceError
from supplychain.services.remediation import remedy
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.conftest import add_finding, user
from tests.integration.remediation.world import PDF, post_with_pdf


def _entry(db, seeded, finding_id, currency="USD", owed="1000.10", repaid="0", kind="wages"):
    with db.transaction() as s:
        me = user(s, seeded.tenant.emails["compliance"])
        new = remedy.NewRemedy(kind, currency, owed, 3, repaid)
        return remedy.add(s, seeded.tenant.company_id, me, finding_id, new).id


def test_totals_per_finding_supplier_and_company_never_mix_currencies(db, settings, seeded_a):
    company = seeded_a.tenant.company_id
    one = add_finding(db, settings, seeded_a, "SUP-001")
    two = add_finding(db, settings, seeded_a, "SUP-001", severity="major")
    other = add_finding(db, settings, seeded_a, "SUP-002", severity="minor")
    _entry(db, seeded_a, one, "USD", "0.10", "0.10", "recruitment_fees")
    _entry(db, seeded_a, one, "USD", "0.20")
    _entry(db, seeded_a, two, "BDT", "150000.50", "50000.25")
    _entry(db, seeded_a, other, "USD", "999999999999.99")
    with db.reading() as s:
        finding = remedy.totals(s, company, finding_id=one)
        supplier = remedy.totals(s, company, supplier_id=seeded_a.suppliers["SUP-001"])
        everyone = remedy.totals(s, company)
    assert [(t.currency, t.owed, t.repaid) for t in finding] == [
        ("USD", Decimal("0.30"), Decimal("0.10"))
    ]
    assert [(t.currency, t.owed) for t in supplier] == [
        ("BDT", Decimal("150000.50")),
        ("USD", Decimal("0.30")),
    ]
    assert [(t.currency, t.owed, t.outstanding) for t in everyone] == [
        ("BDT", Decimal("150000.50"), Decimal("100000.25")),
        ("USD", Decimal("1000000000000.29"), Decimal("1000000000000.19")),
    ]


def test_repayment_cannot_exceed_what_is_owed(db, settings, seeded_a) -> None:
    entry_id = _entry(db, seeded_a, add_finding(db, settings, seeded_a), owed="100.00")
    company = seeded_a.tenant.company_id
    with db.transaction() as s:
        remedy.record_repayment(s, company, None, entry_id, "60.00", None)
    with db.transaction() as s, pytest.raises(ServiceError, match="would exceed"):
        remedy.record_repayment(s, company, None, entry_id, "40.01", None)
    with db.reading() as s:
        assert s.get(RemedyEntry, entry_id).amount_repaid == Decimal("60.00")


def test_repayment_with_evidence_then_verified_on_the_page(app, db, settings, seeded_a) -> None:
    finding = add_finding(db, settings, seeded_a)
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    token = csrf_from(client.get(f"/remediation/findings/{finding}").get_data(as_text=True))
    client.post(
        f"/remediation/findings/{finding}/remedy",
        data={
            "csrf_token": token,
            "kind": "recruitment_fees",
            "workers": "12",
            "amount_owed": "3,600.00",
            "currency": "usd",
        },
    )
    with db.reading() as s:
        entry = s.scalar(select(RemedyEntry))
    refused = client.post(
        f"/remediation/remedy/{entry.id}/verify", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Attach the payment evidence before verifying" in refused
    page = post_with_pdf(
        client,
        f"/remediation/remedy/{entry.id}/repayments",
        {"csrf_token": token, "amount": "3600", "paid_on": "2026-11-20"},
        "bank-transfer.pdf",
    )
    assert "Repayment recorded." in page and "3600.00 USD" in page
    assert "repaid in full" in page, "nothing left to repay: no repayment form"
    assert f"/remediation/remedy/{entry.id}/repayments" not in page
    page = client.post(
        f"/remediation/remedy/{entry.id}/verify", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert f"by {seeded_a.tenant.emails['compliance']}" in page
    with db.reading() as s:
        entry = s.get(RemedyEntry, entry.id)
        verbs = list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.object_type.in_(["remedy_entry", "attachment"]))
                .order_by(AuditEvent.seq)
            )
        )
    assert entry.amount_repaid == entry.amount_owed == Decimal("3600.00")
    assert entry.verified_by_id is not None and entry.evidence_attachment_id is not None
    assert verbs == ["remedy.recorded", "attachment.added", "remedy.repaid", "remedy.verified"]
    listing = client.get("/remediation/findings").get_data(as_text=True)
    assert 'id="company-remedy"' in listing
    assert "Recruitment fees: 3600.00 repaid of 3600.00 owed, 12 workers" in listing
    with db.transaction() as s, pytest.raises(Conflict, match="already verified"):
        remedy.verify(
            s, seeded_a.tenant.company_id, user(s, seeded_a.tenant.emails["admin"]), entry.id
        )


def test_evidence_must_belong_to_the_same_finding(db, settings, seeded_a, tmp_path) -> None:
    from supplychain.services.remediation import attachments

    first, second = add_finding(db, settings, seeded_a), add_finding(db, settings, seeded_a)
    entry_id = _entry(db, seeded_a, second)
    receipt = tmp_path / "r.pdf"
    receipt.write_bytes(PDF)
    company = seeded_a.tenant.company_id
    with db.transaction() as s:
        other = attachments.store(s, settings, company, None, receipt, "r.pdf", finding_id=first)
    with db.transaction() as s, pytest.raises(ServiceError, match="another finding"):
        remedy.record_repayment(s, company, None, entry_id, "1.00", None, other.id)
