"""Remediation in a real browser: record a finding, run its corrective action to verified
closure, record and verify a fee repayment, and watch the supplier's score and the remediation
dashboard follow."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import make_tenant
from tests.integration.remediation.conftest import import_suppliers
from tests.integration.remediation.world import PDF


def _supplier_page(web: BrowserSession, supplier_id: int) -> tuple[str, str]:
    """The score shown on the supplier's page, and its "why" table."""
    web.page.goto(f"{web.base_url}/suppliers/{supplier_id}")
    return web.page.locator(".scorebox .big").inner_text(), web.page.locator("#why").inner_text()


def _kpi(web: BrowserSession, kpi_id: str) -> str:
    value = web.page.locator(f"#{kpi_id} .kpi-value")
    expect(value).not_to_be_empty(timeout=30_000)
    return value.inner_text()


def test_finding_to_verified_remedy(
    web: BrowserSession, db: Database, settings: Settings, tmp_path: Path
) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    supplier_id = import_suppliers(db, settings, tenant, tmp_path)["SUP-001"]
    with db.reading() as s:
        start = s.get(Supplier, supplier_id).score
    web.login(tenant.emails["compliance"])

    web.page.goto(f"{web.base_url}/dash/remediation/")
    closed_before, repaid_before = _kpi(web, "kpi-closed"), _kpi(web, "kpi-repaid")
    web.screenshot("dashboard-before")

    _supplier_page(web, supplier_id)
    web.page.click("#findings a:has-text('Record a finding')")
    web.page.fill("#title", "Passports held by the dormitory manager")
    web.page.select_option("#severity", "critical")
    web.page.check("input[name=indicators][value='7']")
    web.page.check("input[name=indicators][value='9']")
    web.page.fill("#description", "Workers' passports are kept in the HR office.")
    web.page.select_option("#source_type", "audit")
    web.screenshot("new-finding-form")
    web.page.click("button:has-text('Record finding')")
    expect(web.page.locator("h1")).to_have_text("Passports held by the dormitory manager")
    expect(web.page.locator("#indicators")).to_contain_text("Retention of identity documents")
    raised = f"{start + 15:.1f}"
    expect(web.page.locator("#supplier-score")).to_have_text(raised)
    finding_url = web.page.url
    web.screenshot("finding-recorded")
    score, why = _supplier_page(web, supplier_id)
    assert score == raised and "findings.critical" in why
    assert "1 open critical finding(s) not verified closed (15 points each)" in why
    web.screenshot("supplier-with-finding")

    web.page.goto(finding_url)
    web.page.fill("#action-title", "Return every passport and give workers lockers")
    web.page.fill("#action-owner", "hr@golden-thread.example")
    web.page.fill("#action-due", "2027-01-31")
    web.page.click("#new-action button[type=submit]")
    expect(web.page.locator(".action-status")).to_have_text("Open")
    for label in ("In progress", "Pending verification", "Verified and closed"):
        web.page.click(f"button[data-to]:has-text('{label}')")
        expect(web.page.locator(".action-status")).to_have_text(label)
    expect(web.page.locator("#finding-status")).to_have_text("verified closed")
    expect(web.page.locator("button[data-to]")).to_have_count(0)
    expect(web.page.locator("#supplier-score")).to_have_text(f"{start:.1f}")
    web.screenshot("action-verified")

    web.page.select_option("#remedy-kind", "recruitment_fees")
    web.page.fill("#remedy-workers", "12")
    web.page.fill("#remedy-owed", "3600.00")
    web.page.fill("#remedy-currency", "USD")
    web.page.click("#new-remedy button[type=submit]")
    row = web.page.locator("#remedy-entries tbody tr").first
    evidence = tmp_path / "bank-transfer.pdf"
    evidence.write_bytes(PDF)
    row.locator("input[name=amount]").fill("3600.00")
    row.locator("input[name=paid_on]").fill("2026-11-20")
    row.locator("input[name=file]").set_input_files(str(evidence))
    row.locator("button:has-text('Record repayment')").click()
    expect(web.page.locator("#finding-totals")).to_contain_text("3600.00")
    web.page.click("button:has-text('Verify against evidence')")
    expect(web.page.locator("#remedy-entries")).to_contain_text(f"by {tenant.emails['compliance']}")
    expect(web.page.locator("#finding-totals tbody td").nth(3)).to_have_text("0.00")
    web.screenshot("repayment-verified")

    score, why = _supplier_page(web, supplier_id)
    assert score == f"{start:.1f}" and "findings." not in why
    expect(web.page.locator("#findings")).to_contain_text("0 open and 1 verified closed")
    web.page.goto(f"{web.base_url}/dash/remediation/")
    expect(web.page.locator("#kpi-closed .kpi-value")).not_to_have_text(closed_before)
    expect(web.page.locator("#kpi-closed .kpi-value")).to_have_text("1")
    expect(web.page.locator("#kpi-repaid")).to_contain_text(re.compile(r"USD 3[.,]6k"))
    assert _kpi(web, "kpi-repaid") != repaid_before
    web.screenshot("dashboard-after")
    with db.reading() as s:
        assert s.scalar(select(Supplier.score).where(Supplier.id == supplier_id)) == start
    assert web.console_errors == []
