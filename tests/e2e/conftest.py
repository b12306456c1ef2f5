"""Browser tests: the real app served on a free local port, driven by headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from supplychain.config import Settings
from supplychain.db.engine import Database
from tests.integration.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


@pytest.fixture(params=["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Browser tests run on SQLite (the embedded default); the API and services below them
    are covered on both databases by the integration tests."""
    import shutil

    path = tmp_path / "supplychain.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture
def live_server(settings: Settings, db: Database) -> Iterator[str]:
    """The real app (background in-process jobs) on 127.0.0.1 and a free port."""
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserSession:
    page: Page
    base_url: str
    name: str
    console_errors: list[str] = field(default_factory=list)
    step: int = 0

    def screenshot(self, label: str) -> Path:
        """Keep a picture of this step under test-artifacts/<test name>/."""
        self.step += 1
        out = ARTIFACTS / self.name / f"{self.step:02d}-{label}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(out), full_page=True)
        return out

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.page.goto(f"{self.base_url}/login")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/**")


@pytest.fixture
def web(
    browser: Browser, live_server: str, request: pytest.FixtureRequest
) -> Iterator[BrowserSession]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    session = BrowserSession(page, live_server, request.node.name)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            session.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: session.console_errors.append(str(exc)))
    yield session
    context.close()
