"""Production settings: no start without SECRET_KEY or in debug mode, and a hardened cookie."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from supplychain.config import ConfigError, Settings, load_settings
from supplychain.db.engine import Database
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner
from supplychain.web.app import build_app
from tests.integration.conftest import PASSWORD, Tenant, csrf_from


@pytest.fixture
def production(settings: Settings) -> Settings:
    return replace(settings, env="production", secret_key="a-long-production-secret-key-0123")


@pytest.fixture
def prod_app(production: Settings, db: Database) -> Iterator[Flask]:
    app = create_app(production, runner=InProcessRunner(JobContext(db, production)))
    yield app
    app.extensions["supplychain.db"].dispose()


def test_production_needs_a_secret_key(production: Settings, tmp_path: Path) -> None:
    environ = {"SUPPLYCHAIN_ENV": "production", "SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path)}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(environ)
    assert not (tmp_path / "secret_key").exists()  # no generated key falls in as a stand-in
    assert load_settings({**environ, "SECRET_KEY": "s3cret"}).secret_key == "s3cret"
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        build_app(replace(production, secret_key=""))


def test_production_refuses_debug_mode(
    prod_app: Flask, production: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert prod_app.debug is False
    with pytest.raises(ConfigError, match="debug mode"):
        prod_app.debug = True
    with pytest.raises(ConfigError, match="debug mode"):
        prod_app.run(debug=True)  # refused before anything listens
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app(production, runner=InProcessRunner(JobContext(db, production))).debug is False
    development = create_app(replace(production, env="development"))
    development.debug = True  # allowed outside production
    assert development.debug is True


def test_flask_run_debug_will_not_start_in_production(production: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "SUPPLYCHAIN_ENV": "production",
        "SECRET_KEY": production.secret_key,
        "DATABASE_URL": production.database_url,
        "SUPPLYCHAIN_INSTANCE_DIR": str(production.instance_dir),
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "run", "--debug", "--port", str(port)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Refusing to start in debug mode" in done.stderr
    assert "Debugger is active" not in done.stderr + done.stdout


def test_production_session_cookie(prod_app: Flask, tenant_a: Tenant) -> None:
    client, site = prod_app.test_client(), "https://localhost"
    page = client.get(f"{site}/login")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    response = client.post(
        f"{site}/login",
        data={
            "email": tenant_a.emails["admin"],
            "password": PASSWORD,
            "csrf_token": csrf_from(page.get_data(as_text=True)),
        },
        headers={"Referer": f"{site}/login"},
    )
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-")]
    assert len(cookies) == 1 and cookies[0].startswith("__Host-session=")
    flags = [part.strip() for part in cookies[0].split(";")[1:]]
    assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= set(flags)
    assert not any(flag.lower().startswith("domain=") for flag in flags)  # __Host-: host only
    assert client.get(f"{site}/").status_code == 200  # the browser sends it back over HTTPS
