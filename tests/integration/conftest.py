"""Fixtures for tests that drive the real Flask app over a real database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.services import accounts
from supplychain.services.jobs import JobContext
from supplychain.tasks.inprocess import InProcessRunner

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Tenant:
    company_id: int
    name: str
    emails: dict[str, str]  # role -> e-mail


def make_tenant(db: Database, name: str) -> Tenant:
    with db.transaction() as s:
        company = accounts.add_company(s, name)
        emails = {}
        for role in ("admin", "compliance", "executive", "auditor"):
            email = f"{role}@{name.lower().replace(' ', '-')}.example"
            accounts.add_user(s, company, email, role, PASSWORD)
            emails[role] = email
        return Tenant(company.id, company.name, emails)


@pytest.fixture
def tenant_a(db: Database) -> Tenant:
    return make_tenant(db, "Acme Apparel")


@pytest.fixture
def tenant_b(db: Database) -> Tenant:
    return make_tenant(db, "Beta Foods")


@pytest.fixture
def app(settings: Settings, db: Database) -> Iterator[Flask]:
    runner = InProcessRunner(JobContext(db, settings), background=False)
    flask_app = create_app(settings, runner=runner)
    yield flask_app
    flask_app.extensions["supplychain.db"].dispose()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
