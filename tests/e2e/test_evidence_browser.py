"""The evidence pages in headless Chromium: request a pack, watch it build, download and verify
it. The browser console stays clean."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.evidence.verify import INTACT, verify_pack
from tests.e2e.conftest import BrowserSession
from tests.integration.conftest import make_tenant
from tests.integration.evidence.conftest import EVIDENCE_KEY, generated_workbook, import_file

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The live server signs packs with a key, so the download must carry a valid HMAC."""
    return replace(settings, evidence_hmac_key=EVIDENCE_KEY)


def test_request_watch_download_and_verify_a_pack(
    web: BrowserSession,
    db: Database,
    settings: Settings,
    tmp_path: Path,
) -> None:
    tenant = make_tenant(db, "Acme Apparel")
    import_file(db, settings, tenant, generated_workbook(tmp_path, 30, seed=8))
    page = web.page
    web.login(tenant.emails["auditor"])
    page.click("nav >> text=Evidence packs")
    expect(page.locator("h1")).to_have_text("Evidence packs")
    web.screenshot("request-form")
    page.fill("#date_from", "2026-01-01")
    page.click("text=Build the pack")
    expect(page.locator(".callout.ok")).to_contain_text("The pack is ready", timeout=120_000)
    expect(page.locator("#progress-pct")).to_have_text("100%")
    web.screenshot("pack-ready")
    with page.expect_download() as info:
        page.click("#download")
    saved = tmp_path / "downloaded.zip"
    info.value.save_as(saved)
    assert verify_pack(saved, EVIDENCE_KEY.encode()).status == INTACT
    page.click("nav >> text=Evidence packs")
    expect(page.locator("#packs tbody tr")).to_have_count(1)
    web.screenshot("pack-list")
    assert web.console_errors == []
