"""Login, logout, sessions, cookies, CSRF and company scoping on the real app."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from supplychain.db.engine import Database
from supplychain.db.models import Upload, User
from supplychain.services import accounts
from tests.integration.conftest import PASSWORD, Tenant, csrf_from, login


def test_login_page_and_redirect_when_anonymous(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/").status_code == 302
    page = client.get("/login")
    assert page.status_code == 200
    assert b"Sign in" in page.data


def test_login_shows_company_and_only_its_uploads(
    app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    with db.transaction() as s:
        for tenant, name in ((tenant_a, "acme-list.xlsx"), (tenant_b, "beta-list.xlsx")):
            s.add(
                Upload(
                    company_id=tenant.company_id,
                    file_name=name,
                    sha256=name * 2,
                    stored_path="/nonexistent",
                    status="done",
                )
            )
    client = app.test_client()
    login(client, tenant_a.emails["executive"])
    html = client.get("/").get_data(as_text=True)
    assert "Acme Apparel" in html and "acme-list.xlsx" in html
    assert "beta-list.xlsx" not in html and "Beta Foods" not in html


def test_wrong_password_and_unknown_user_get_the_same_answer(app: Flask, tenant_a: Tenant) -> None:
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    wrong = client.post(
        "/login",
        data={"email": tenant_a.emails["admin"], "password": "nope-nope-nope", "csrf_token": token},
    )
    unknown = client.post(
        "/login",
        data={"email": "ghost@nowhere.example", "password": "nope-nope-nope", "csrf_token": token},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert b"Wrong e-mail or password" in wrong.data and b"Wrong e-mail or password" in unknown.data


def test_login_without_csrf_token_is_refused(app: Flask, tenant_a: Tenant) -> None:
    client = app.test_client()
    response = client.post("/login", data={"email": tenant_a.emails["admin"], "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_session_cookie_flags(app: Flask, tenant_a: Tenant) -> None:
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": tenant_a.emails["admin"], "password": PASSWORD, "csrf_token": token},
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_passwords_are_argon2_hashes(db: Database, tenant_a: Tenant) -> None:
    with db.reading() as s:
        hashes = s.scalars(select(User.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_logout_ends_the_session_even_for_a_copied_cookie(app: Flask, tenant_a: Tenant) -> None:
    client = app.test_client()
    login(client, tenant_a.emails["compliance"])
    stolen = client.get_cookie("session").value
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/").status_code == 302  # back to the login page


def test_deactivation_and_password_change_end_sessions(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    for change in ("deactivate", "password"):
        client = app.test_client()
        email = tenant_a.emails["executive"]
        with db.transaction() as s:
            user = accounts.user_by_email(s, email)
            accounts.set_active(s, user, True, actor="test")
        login(client, email, PASSWORD)
        assert client.get("/").status_code == 200
        with db.transaction() as s:
            user = accounts.user_by_email(s, email)
            if change == "deactivate":
                accounts.set_active(s, user, False, actor="test")
            else:
                accounts.set_password(s, user, PASSWORD, actor="test")
        assert client.get("/").status_code == 302, change


def test_login_is_rate_limited(app: Flask, tenant_a: Tenant) -> None:
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    statuses = [
        client.post(
            "/login",
            data={"email": tenant_a.emails["admin"], "password": "wrong-pass", "csrf_token": token},
        ).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_security_headers_and_error_page_without_internals(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert b"Reference:" in response.data and b"Traceback" not in response.data
