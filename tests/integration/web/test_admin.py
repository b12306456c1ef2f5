"""Users, roles, API tokens and one's own password through the real app, on both databases."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from supplychain.db.engine import Database
from supplychain.db.models import ApiToken, User
from supplychain.services import accounts
from tests.integration.conftest import PASSWORD, Tenant, csrf_from, login
from tests.integration.web.conftest import signed_in

SECRET = re.compile(r'<code id="secret" class="secret-value">([^<]+)</code>')
NEW = "new.officer@acme-apparel.example"


def _post(client: FlaskClient, path: str, page: str, **data: str):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _invite(admin: FlaskClient, email: str, role: str, password: str | None = None):
    mode = {"password_mode": "set", "password": password} if password else {}
    fields = {"email": email, "role": role, "password_mode": "generate", **mode}
    return _post(admin, "/admin/users", "/admin/users", **fields)


def _new_password(client: FlaskClient, current: str, new: str):
    page = "/account/password"
    return _post(client, page, page, current=current, new=new, confirm=new)


def _user_id(db: Database, email: str) -> int:
    with db.reading() as s:
        return accounts.user_by_email(s, email).id


def _signed_out(client: FlaskClient) -> bool:
    answer = client.get("/suppliers/")
    return answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_invite_shows_a_one_time_password_that_signs_in(app: Flask, tenant_a: Tenant) -> None:
    admin = signed_in(app, tenant_a, "admin")
    made = _invite(admin, NEW, "auditor")
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    password = SECRET.search(made.get_data(as_text=True)).group(1)
    newcomer = app.test_client()
    login(newcomer, NEW, password)
    assert newcomer.get("/audit/").status_code == 200  # an auditor
    assert NEW in admin.get("/admin/users").get_data(as_text=True)

    chosen = _invite(admin, "set@acme-apparel.example", "executive", "short")
    assert chosen.status_code == 400 and "at least 10 characters" in chosen.get_data(as_text=True)
    again = _invite(admin, NEW, "admin", PASSWORD)
    assert again.status_code == 409 and "already exists" in again.get_data(as_text=True)


def test_role_change_and_deactivation_end_that_users_sessions(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    admin = signed_in(app, tenant_a, "admin")
    officer = signed_in(app, tenant_a, "compliance")
    uid = _user_id(db, tenant_a.emails["compliance"])
    changed = _post(admin, f"/admin/users/{uid}/role", "/admin/users", role="executive")
    assert changed.status_code == 302 and _signed_out(officer)
    login(officer, tenant_a.emails["compliance"])
    assert officer.get("/uploads/").status_code == 200
    assert "Upload and preview" not in officer.get("/uploads/").get_data(as_text=True)

    _post(admin, f"/admin/users/{uid}/active", "/admin/users")
    assert _signed_out(officer)
    with db.reading() as s:
        assert s.get(User, uid).active is False
    stranger = app.test_client()
    token = csrf_from(stranger.get("/login").get_data(as_text=True))
    refused = stranger.post(
        "/login",
        data={"email": tenant_a.emails["compliance"], "password": PASSWORD, "csrf_token": token},
    )
    assert refused.status_code == 401
    _post(admin, f"/admin/users/{uid}/active", "/admin/users")
    login(officer, tenant_a.emails["compliance"])


def test_admins_cannot_lock_themselves_out(app: Flask, db: Database, tenant_a: Tenant) -> None:
    admin = signed_in(app, tenant_a, "admin")
    me = _user_id(db, tenant_a.emails["admin"])
    _post(admin, f"/admin/users/{me}/role", "/admin/users", role="auditor")
    _post(admin, f"/admin/users/{me}/active", "/admin/users")
    with db.reading() as s:
        user = s.get(User, me)
        assert (user.role, user.active) == ("admin", True)
    assert "You cannot deactivate yourself" in admin.get("/admin/users").get_data(as_text=True)


def test_tokens_are_shown_once_listed_and_revoked(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    admin = signed_in(app, tenant_a, "admin")
    owner = _user_id(db, tenant_a.emails["compliance"])
    made, clear = _make_token(admin, owner)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    with db.reading() as s:
        assert accounts.user_for_token(s, clear).id == owner
        token = s.scalar(select(ApiToken))
    listing = admin.get("/admin/tokens").get_data(as_text=True)
    assert token.prefix in listing and "ERP export" in listing and clear not in listing
    _post(admin, f"/admin/tokens/{token.id}/revoke", "/admin/tokens")
    with db.reading() as s:
        assert accounts.user_for_token(s, clear) is None
    assert "revoked" in admin.get("/admin/tokens").get_data(as_text=True)


def test_an_api_call_marks_the_token_used_without_a_write_on_every_call(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    admin = signed_in(app, tenant_a, "admin")
    _, clear = _make_token(admin, _user_id(db, tenant_a.emails["compliance"]))
    api, auth = app.test_client(), {"Authorization": f"Bearer {clear}"}
    assert _last_used(db) is None
    assert api.get("/api/v1/suppliers", headers=auth).status_code == 200
    first = _last_used(db)
    assert first is not None
    assert api.get("/api/v1/suppliers", headers=auth).status_code == 200
    assert _last_used(db) == first  # a minute later it is not written again
    long_ago = first - timedelta(hours=1)
    with db.transaction() as s:
        s.scalar(select(ApiToken)).last_used_at = long_ago
    assert api.get("/api/v1/suppliers", headers=auth).status_code == 200
    assert _last_used(db) >= first


def _make_token(admin: FlaskClient, owner: int) -> tuple[TestResponse, str]:
    made = _post(admin, "/admin/tokens", "/admin/tokens", user_id=str(owner), name="ERP export")
    return made, SECRET.search(made.get_data(as_text=True)).group(1)


def _last_used(db: Database) -> datetime | None:
    with db.reading() as s:
        return s.scalar(select(ApiToken.last_used_at))


def test_changing_ones_password_ends_the_other_sessions(
    app: Flask, db: Database, tenant_a: Tenant
) -> None:
    here = signed_in(app, tenant_a, "executive")
    elsewhere = signed_in(app, tenant_a, "executive")
    wrong = _new_password(here, "not my password", "a brand new password")
    assert wrong.status_code == 400 and "not your current password" in wrong.get_data(as_text=True)
    done = _new_password(here, PASSWORD, "a brand new password")
    assert done.status_code == 302
    assert here.get("/suppliers/").status_code == 200  # this session goes on
    assert _signed_out(elsewhere)
    login(app.test_client(), tenant_a.emails["executive"], "a brand new password")


def test_only_admins_manage_users_and_only_in_their_company(
    app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    for role in ("compliance", "executive", "auditor"):
        client = signed_in(app, tenant_a, role)
        assert client.get("/admin/users").status_code == 403
        assert client.get("/admin/tokens").status_code == 403
        assert (
            _post(client, "/admin/users", "/account/password", email=NEW, role="admin").status_code
            == 403
        )
    victim = _user_id(db, tenant_a.emails["compliance"])
    with db.transaction() as s:
        token, _ = accounts.create_token(s, s.get(User, victim), "A's token")
        token_id = token.id
    other = signed_in(app, tenant_b, "admin")
    assert tenant_a.emails["compliance"] not in other.get("/admin/users").get_data(as_text=True)
    assert "A&#39;s token" not in other.get("/admin/tokens").get_data(as_text=True)
    for path, data in (
        (f"/admin/users/{victim}/role", {"role": "admin"}),
        (f"/admin/users/{victim}/active", {}),
        (f"/admin/tokens/{token_id}/revoke", {}),
        ("/admin/tokens", {"user_id": str(victim), "name": "steal"}),
    ):
        answer = _post(other, path, "/admin/users", **data)
        assert answer.status_code in (400, 404), path
    with db.reading() as s:
        user = s.get(User, victim)
        assert (user.role, user.active) == ("compliance", True)
        assert s.get(ApiToken, token_id).revoked_at is None
        assert s.scalar(select(ApiToken).where(ApiToken.name == "steal")) is None
