"""Entity-list screening in a real browser: a compliance officer dismisses a strong match as a
false positive on the supplier page, sees the tier drop and the decision kept, then confirms it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from supplychain.config import Settings
from supplychain.db.engine import Database
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import make_tenant
from tests.integration.remediation.conftest import import_suppliers
from tests.integration.test_entity_decisions import CAMEL, ROWS

TIER = ".scorebox .badge"


def test_dismiss_a_match_and_see_the_tier_change(
    web: BrowserSession, db: Database, settings: Settings, tmp_path: Path
) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    supplier_id = import_suppliers(db, settings, tenant, tmp_path, ROWS)["EL-001"]
    web.login(tenant.emails["compliance"])
    web.page.goto(f"{web.base_url}/suppliers/{supplier_id}")
    expect(web.page.locator(TIER)).to_have_text("critical")
    form = web.page.locator("form.decide-match").first
    expect(form.locator("input[name=entity]")).to_have_value(CAMEL)
    web.screenshot("match-undecided")

    form.locator("button[value=dismissed]").click()
    expect(web.page.locator(".flash.error")).to_contain_text("Give a reason")
    expect(web.page.locator(TIER)).to_have_text("critical")

    form = web.page.locator("form.decide-match").first
    form.locator("input[name=reason]").fill("Different company: other registration number")
    form.locator("button[value=dismissed]").click()
    expect(web.page.locator(".flash").first).to_contain_text("dismissed as a false positive")
    tier = web.page.locator(TIER).text_content()
    assert tier in ("low", "medium", "high")
    decisions = web.page.locator("#decisions")
    expect(decisions).to_contain_text("Dismissed as a false positive")
    expect(decisions).to_contain_text("other registration number")
    expect(decisions).to_contain_text(tenant.emails["compliance"])
    expect(web.page.locator("#why")).not_to_contain_text(CAMEL)
    web.screenshot("match-dismissed")

    decisions.locator("button[value=confirmed]").click()
    expect(web.page.locator(TIER)).to_have_text("critical")
    expect(web.page.locator("#why")).to_contain_text("match confirmed by")
    web.screenshot("match-confirmed")
    assert web.console_errors == []
