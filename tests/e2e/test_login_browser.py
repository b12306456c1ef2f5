"""The login page in a real browser: sign in, see the company, no console errors."""

from __future__ import annotations

from supplychain.db.engine import Database
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import make_tenant


def test_sign_in_and_out_in_the_browser(web: BrowserSession, db: Database) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    web.page.goto(web.base_url + "/")
    assert "/login" in web.page.url
    web.screenshot("login-page")
    web.login(tenant.emails["compliance"])
    assert web.page.locator("h1").inner_text() == "Acme Apparel"
    web.screenshot("home")
    web.page.click("text=Sign out")
    web.page.wait_for_url("**/login")
    assert web.console_errors == []
