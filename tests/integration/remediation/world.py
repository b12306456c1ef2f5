"""One of everything remediation stores, in one company: for access and isolation tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from flask.testing import FlaskClient

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.services.remediation import attachments, remedy
from tests.integration.remediation.conftest import Seeded, add_action, add_finding, user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_with_pdf(client: FlaskClient, path: str, fields: dict[str, str], file_name: str) -> str:
    """Post a page's form with a small PDF as its file; the page it leads to."""
    return client.post(
        path,
        data={**fields, "file": (io.BytesIO(PDF), file_name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)


@dataclass(frozen=True)
class World:
    supplier_id: int
    finding_id: int
    action_id: int
    attachment_id: int
    entry_id: int


def build_world(db: Database, settings: Settings, seeded: Seeded, tmp_path: Path) -> World:
    finding_id = add_finding(db, settings, seeded)
    action_id = add_action(db, seeded, finding_id)
    evidence = tmp_path / f"receipt-{seeded.tenant.company_id}.pdf"
    evidence.write_bytes(PDF)
    with db.transaction() as s:
        me = user(s, seeded.tenant.emails["compliance"])
        company = seeded.tenant.company_id
        attachment = attachments.store(
            s, settings, company, me, evidence, evidence.name, finding_id=finding_id
        )
        entry = remedy.add(
            s,
            company,
            me,
            finding_id,
            remedy.NewRemedy(
                "recruitment_fees", "USD", "1200.00", 4, "0", evidence_attachment_id=attachment.id
            ),
        )
        return World(seeded.suppliers["SUP-001"], finding_id, action_id, attachment.id, entry.id)


def page_routes(w: World) -> list[tuple[str, str, dict]]:
    """(method, path, form) of every remediation page, with valid data."""
    return [
        ("GET", "/remediation/findings", {}),
        ("GET", f"/remediation/findings/new?supplier_id={w.supplier_id}", {}),
        (
            "POST",
            "/remediation/findings/new",
            {
                "supplier_id": str(w.supplier_id),
                "title": "Wages withheld",
                "severity": "major",
                "indicators": "8",
                "source_type": "grievance",
            },
        ),
        ("GET", f"/remediation/findings/{w.finding_id}", {}),
        (
            "POST",
            f"/remediation/findings/{w.finding_id}/edit",
            {
                "title": "Passports held by the dormitory manager",
                "severity": "critical",
                "indicators": "7",
                "source_type": "audit",
                "source_ref": "R-1, page 4",
            },
        ),
        (
            "POST",
            f"/remediation/findings/{w.finding_id}/actions",
            {
                "title": "Pay the wages",
                "owner": "finance@supplier.example",
                "due_date": "2027-01-15",
            },
        ),
        ("POST", f"/remediation/actions/{w.action_id}/status", {"to": "in_progress"}),
        ("POST", f"/remediation/actions/{w.action_id}/comments", {"comment": "called the site"}),
        ("POST", f"/remediation/findings/{w.finding_id}/attachments", {"file": "pdf"}),
        ("GET", f"/remediation/attachments/{w.attachment_id}", {}),
        (
            "POST",
            f"/remediation/findings/{w.finding_id}/remedy",
            {"kind": "wages", "currency": "EUR", "amount_owed": "300", "workers": "2"},
        ),
        ("POST", f"/remediation/remedy/{w.entry_id}/repayments", {"amount": "100.00"}),
        ("POST", f"/remediation/remedy/{w.entry_id}/verify", {}),
        ("GET", "/remediation/actions/due", {}),
    ]


def api_routes(w: World) -> list[tuple[str, str, dict | None]]:
    """(method, path, JSON body) of every findings API endpoint, with valid data."""
    return [
        ("GET", "/api/v1/findings", None),
        (
            "POST",
            "/api/v1/findings",
            {
                "supplier_id": w.supplier_id,
                "title": "Isolation",
                "severity": "minor",
                "indicators": [4],
            },
        ),
        ("GET", f"/api/v1/findings/{w.finding_id}", None),
        ("PATCH", f"/api/v1/findings/{w.finding_id}", {"source_ref": "R-1, page 5"}),
        (
            "POST",
            f"/api/v1/findings/{w.finding_id}/actions",
            {"title": "Phone access", "owner": "gm@supplier.example", "due_date": "2027-02-01"},
        ),
        ("PATCH", f"/api/v1/actions/{w.action_id}", {"status": "in_progress"}),
    ]
