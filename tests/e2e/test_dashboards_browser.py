"""Each dashboard in headless Chromium: it loads with a clean console, a filter changes the
numbers, and a screenshot is kept under test-artifacts/ (this is what executives see)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from sample_data.generate import generate_suppliers
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import Tenant, make_tenant
from tests.integration.dashboards.seed import add_remediation, import_frame

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1"> javascript:alert(1)'


@pytest.fixture
def acme(db: Database, settings: Settings, tmp_path: Path) -> Tenant:
    """Two uploads of generated suppliers (one named like an XSS probe) and a remediation case."""
    tenant = make_tenant(db, "Acme Apparel")
    frame = generate_suppliers(400, 3, bad_rows=False)
    frame.loc[0, "Supplier Name"] = HOSTILE_NAME
    import_frame(
        db,
        settings,
        tenant.company_id,
        frame.iloc[:250],
        tmp_path / "march.xlsx",
        uploaded_at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    import_frame(db, settings, tenant.company_id, frame, tmp_path / "now.xlsx")
    add_remediation(db, tenant.company_id)
    return tenant


def count(db: Database, company_id: int, *conditions: object) -> int:
    with db.reading() as s:
        stmt = select(func.count()).where(Supplier.company_id == company_id, *conditions)
        return int(s.scalar(stmt))


def open_dashboard(web: BrowserSession, tenant: Tenant, name: str) -> Page:
    web.login(tenant.emails["executive"])
    web.console_errors.clear()  # only what the dashboard itself logs counts
    web.page.goto(f"{web.base_url}/dash/{name}/")
    return web.page


def pick(page: Page, dropdown: str, value: str) -> None:
    page.click(f"#{dropdown}")
    page.click(f".dash-dropdown-option:has(input[value='{value}'])")
    page.keyboard.press("Escape")


def no_script_links(page: Page) -> None:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert page.evaluate("window.__pwned") is None


def test_overview_in_the_browser(web: BrowserSession, db: Database, acme: Tenant) -> None:
    page = open_dashboard(web, acme, "overview")
    total = page.locator("#kpi-suppliers .kpi-value")
    expect(total).to_have_text(f"{count(db, acme.company_id):,}", timeout=30_000)
    expect(page.locator("#map .choroplethlocation").first).to_be_attached(timeout=30_000)
    expect(page.locator("#riskiest li a.name")).to_have_count(20)
    page.wait_for_timeout(500)  # let the last figures finish drawing before the picture
    web.screenshot("overview")
    critical = count(db, acme.company_id, Supplier.risk_tier == "critical")
    pick(page, "f-tier", "critical")
    expect(total).to_have_text(f"{critical:,}", timeout=30_000)
    expect(page.locator("#kpi-exposed .kpi-value")).to_have_text("100.0%")
    web.screenshot("overview-critical-only")
    no_script_links(page)
    assert web.console_errors == []


def test_explorer_in_the_browser(web: BrowserSession, db: Database, acme: Tenant) -> None:
    page = open_dashboard(web, acme, "explorer")
    matches = page.locator("#grid-count")
    expect(matches).to_have_text(f"{count(db, acme.company_id):,} suppliers match", timeout=30_000)
    expect(page.locator("#grid .ag-row").first).to_be_visible()
    tier_filter = page.locator(".ag-floating-filter[col-id='risk_tier'] input").first
    tier_filter.fill("critical")
    critical = count(db, acme.company_id, Supplier.risk_tier == "critical")
    expect(matches).to_have_text(f"{critical:,} suppliers match", timeout=30_000)
    page.locator("#grid .ag-pinned-left-cols-container .ag-row").first.click()
    expect(page.locator("#supplier-view .supplier-name")).to_be_visible(timeout=30_000)
    expect(page.locator("#supplier-view")).to_contain_text("Why this score")
    expect(page.locator("#supplier-view .js-plotly-plot")).to_have_count(2, timeout=30_000)
    page.wait_for_timeout(800)
    web.screenshot("explorer-critical-supplier")
    tier_filter.fill("")
    page.locator(".ag-floating-filter[col-id='name'] input").first.fill("onerror")
    expect(matches).to_have_text("1 supplier matches", timeout=30_000)
    expect(page.locator("#grid .ag-pinned-left-cols-container")).to_contain_text(HOSTILE_NAME)
    no_script_links(page)
    assert web.console_errors == []


def test_remediation_in_the_browser(web: BrowserSession, db: Database, acme: Tenant) -> None:
    page = open_dashboard(web, acme, "remediation")
    opened = page.locator("#kpi-open .kpi-value")
    expect(opened).to_have_text("1", timeout=30_000)
    expect(page.locator("#kpi-overdue .kpi-value")).to_have_text("1")
    expect(page.locator("#indicators .bars path").first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(500)
    web.screenshot("remediation")
    pick(page, "f-tier", "low")  # the finding is on the riskiest supplier, not a low one
    expect(opened).to_have_text("0", timeout=30_000)
    expect(page.locator("#kpi-workers .kpi-value")).to_have_text("0")
    web.screenshot("remediation-low-tier")
    assert web.console_errors == []
