"""`supplychain demo` as a person runs it on a fresh machine: no settings at all, a real process,
a real port; the printed credentials log in and the home page shows the company and its uploads."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

from tests.integration.conftest import csrf_from

SETTINGS = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "FLASK_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare_environment(instance: Path) -> dict[str, str]:
    """This process's environment without any setting of ours; only the instance folder is
    moved to a temporary one (it would otherwise be the checkout's instance/)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPPLYCHAIN_", *SETTINGS))}
    return {**env, "SUPPLYCHAIN_INSTANCE_DIR": str(instance)}


def read_until_serving(demo: subprocess.Popen[str], deadline: float) -> str:
    lines = []
    while time.monotonic() < deadline:
        line = demo.stdout.readline() if demo.stdout else ""
        if not line and demo.poll() is not None:
            break
        lines.append(line)
        if line.startswith("Serving on http://127.0.0.1:"):
            return "".join(lines)
    raise AssertionError(f"the demo never served; it printed:\n{''.join(lines)}")


def test_demo_with_no_settings_serves_and_its_printed_login_works(tmp_path: Path) -> None:
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "supplychain.cli", "demo", "--port", str(port)],
        env=bare_environment(tmp_path / "instance"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        printed = read_until_serving(demo, time.monotonic() + 300)
        email, password = re.search(r"compliance\s+(\S+)\s+/\s+(\S+)", printed).groups()
        base = f"http://127.0.0.1:{port}"
        browser = build_opener(HTTPCookieProcessor(CookieJar()))
        for _ in range(100):  # the port opens a moment after the line is printed
            try:
                page = browser.open(f"{base}/login", timeout=10).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        form = {"email": email, "password": password, "csrf_token": csrf_from(page)}
        home = browser.open(f"{base}/login", data=urlencode(form).encode(), timeout=30)
        html = home.read().decode()
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    assert home.url == f"{base}/"  # signed in and sent to the home page
    assert "<h1>Demo Company</h1>" in html
    assert "demo_suppliers.xlsx" in html and "audits_example.xlsx" in html
    assert (tmp_path / "instance" / "supplychain.db").exists()  # SQLite under instance/
    assert (tmp_path / "instance" / "secret_key").exists()  # the generated, kept secret
