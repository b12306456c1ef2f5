"""The upload flow in headless Chromium: upload a workbook with bad rows, read the preview,
import the valid rows, watch the progress bar finish and open a supplier's "why" page. Also the
admin pages (users, tokens, audit trail). Every step is screenshotted; the console stays clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from sample_data.generate import generate_suppliers, write_xlsx
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from supplychain.services.suppliers import PAGE_SIZE
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import make_tenant

pytestmark = pytest.mark.browser


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    frame = generate_suppliers(60, seed=3)
    assert frame.attrs["bad_rows"], "the generator must damage some rows"
    path = tmp_path / "suppliers-q3.xlsx"
    write_xlsx(frame, path)
    return path


def test_upload_preview_import_and_explain(
    web: BrowserSession, db: Database, workbook: Path
) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    page = web.page
    web.login(tenant.emails["compliance"])
    page.click("nav >> text=Uploads")
    expect(page.locator("h1")).to_have_text("Uploads")
    web.screenshot("uploads")

    page.set_input_files("#file", str(workbook))
    page.click("text=Upload and preview")
    page.wait_for_url(re.compile(r"/uploads/\d+$"))  # read in the background, then shown
    expect(page.locator("dl.facts")).to_contain_text("Suppliers", timeout=60_000)  # the sheet
    errors = page.locator("#errors table.issues tbody tr")
    expect(errors).to_have_count(7)  # every error of the generated file, one row each
    expect(errors.first.locator("td").nth(1)).to_have_text(re.compile(r"^\d+$"))  # row
    expect(errors.first.locator("td").nth(2)).to_have_text(re.compile(r"^[A-Z]+$"))  # column
    expect(page.locator("#errors table.issues")).to_contain_text("unknown country")
    expect(page.locator("#workbook-link")).to_be_visible(timeout=30_000)
    web.screenshot("preview")

    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text("import 53 valid rows")
    page.select_option("#map-5", "region")  # an edit asks for a new preview first
    expect(confirm).to_be_disabled()
    page.select_option("#map-5", "")
    expect(confirm).to_be_enabled()
    confirm.click()

    page.wait_for_url(re.compile(r"/uploads/\d+/progress$"))
    web.screenshot("progress")
    expect(page.locator("#import-progress .progress")).to_have_attribute(
        "aria-valuenow", "100", timeout=60_000
    )
    expect(page.locator(".callout.ok")).to_contain_text("53 supplier rows imported", timeout=30_000)
    web.screenshot("imported")

    page.click("#view-suppliers")
    with db.reading() as s:
        stored = s.scalar(select(func.count()).select_from(Supplier))
    assert 40 < stored <= 53  # rows naming the same supplier become one supplier
    expect(page.locator("table.suppliers tbody tr")).to_have_count(min(stored, PAGE_SIZE))
    web.screenshot("suppliers")
    page.select_option("#tier", "high")
    page.click("text=Filter")
    expect(page.locator("table.suppliers tbody .badge.high").first).to_be_visible()
    expect(page.locator("table.suppliers tbody .badge:not(.high)")).to_have_count(0)
    page.locator("table.suppliers tbody tr a").first.click()

    expect(page.locator("#why table.hits tbody tr").first).to_be_visible()
    expect(page.locator("#why")).to_contain_text("Public source")
    expect(page.locator("#reproduce")).to_contain_text("default")
    expect(page.locator("#history tbody tr")).to_have_count(1)
    web.screenshot("supplier-why")
    assert web.console_errors == []


def test_admin_users_tokens_and_audit_trail(web: BrowserSession, db: Database) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    page = web.page
    web.login(tenant.emails["admin"])
    page.click("nav >> text=Users")
    expect(page.locator("table.users tbody tr")).to_have_count(4)
    page.fill("#email", "new.officer@acme-apparel.example")
    page.select_option("#role", "compliance")
    page.click("text=Create user")
    expect(page.locator("#secret")).to_have_text(re.compile(r"^\S{16}$"))
    web.screenshot("user-created")
    page.click("text=Back to users")
    row = page.locator("tr", has_text="new.officer@acme-apparel.example")
    row.locator("button", has_text="Deactivate").click()
    expect(page.locator(".flash")).to_contain_text("deactivated")
    web.screenshot("users")

    page.click("text=API tokens")
    page.fill("#name", "ERP nightly export")
    page.click("text=Create token")
    expect(page.locator("#secret")).to_have_text(re.compile(r"^sc_"))
    web.screenshot("token-created")
    page.click("text=Back to API tokens")
    page.locator("button", has_text="Revoke").click()
    expect(page.locator("table.data")).to_contain_text("revoked")
    web.screenshot("tokens")

    page.click("nav >> text=Audit trail")
    expect(page.locator("table.audit")).to_contain_text("token.revoked")
    page.click("#verify-chain")
    expect(page.locator("#verdict")).to_contain_text("Chain intact")
    web.screenshot("audit-trail")
    assert web.console_errors == []
