"""The access matrix: every rule in ``app.url_map``, every method, every kind of caller.

Callers: anonymous, each role of company A, and company B's admin using A's ids. Expected:
anonymous -> 302 to /login (pages) or 401 (API and Dash requests); a role without the capability
-> 403; B with A's ids -> 404; nobody but A ever sees A's data, and refused calls change nothing
of A's. A view without an ``access`` mark, a rule missing from ``EXPECT`` or a stale row in it
fails the test, so a new route is added here deliberately.

To add a route: one line in ``EXPECT``, keyed by the rule with converters dropped
(``/uploads/<upload_id>``) and the method. Id variables get A's object from ``IDS``; other
variables take ``ARGS``. ``ok`` is what a permitted caller gets from A's own objects when it
sends an empty form (most POSTs answer 400 or a redirect with an error: enough to show the gate
let it through).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, select
from werkzeug.test import TestResponse

from supplychain.db.engine import Database
from supplychain.db.models import (
    Attachment,
    Base,
    CorrectiveAction,
    EvidencePack,
    Finding,
    RemedyEntry,
    Supplier,
    User,
)
from supplychain.services import accounts
from supplychain.services.permissions import ALL_ROLES, allowed
from tests.integration.api.conftest import A_ROWS, B_ROWS, Api, bearer, make_tokens, supplier_csv
from tests.integration.conftest import PASSWORD, Tenant, csrf_from

GET, POST, PATCH = "GET", "POST", "PATCH"
PAGE_OK = frozenset({200})
FORM_OK = frozenset({200, 302, 400, 409})  # re-rendered form, redirect, refused input, conflict


@dataclass(frozen=True)
class Expect:
    capability: str  # the view's access mark
    ok: frozenset[int] = PAGE_OK  # what a permitted caller of company A gets
    data: dict[str, Any] | None = None  # a valid body, where a view checks input before ids


E = Expect
EXPECT: dict[tuple[str, str], Expect] = {
    ("/", GET): E("read"),
    ("/login", GET): E("public"),
    ("/login", POST): E("public", frozenset({401})),
    ("/logout", POST): E("read", frozenset({302})),
    ("/account/password", GET): E("read"),
    ("/account/password", POST): E("read", FORM_OK),
    ("/admin/users", GET): E("manage_users"),
    ("/admin/users", POST): E("manage_users", FORM_OK),
    ("/admin/users/<user_id>/active", POST): E("manage_users", FORM_OK),
    ("/admin/users/<user_id>/role", POST): E("manage_users", FORM_OK, {"role": "executive"}),
    ("/admin/tokens", GET): E("manage_users"),
    ("/admin/tokens", POST): E("manage_users", FORM_OK),
    ("/admin/tokens/<token_id>/revoke", POST): E("manage_users", FORM_OK),
    ("/audit/", GET): E("audit_trail"),
    ("/audit/verify", GET): E("audit_trail"),
    ("/uploads/", GET): E("read"),
    ("/uploads/", POST): E("upload", FORM_OK),
    ("/uploads/<upload_id>", GET): E("upload", frozenset({200, 302})),
    ("/uploads/<upload_id>/errors.xlsx", GET): E("upload"),
    ("/uploads/<upload_id>/mapping", POST): E("upload", FORM_OK),
    ("/uploads/<upload_id>/preview", POST): E("upload", FORM_OK),
    ("/uploads/<upload_id>/progress", GET): E("read"),
    ("/uploads/<upload_id>/retry", POST): E("upload", FORM_OK),
    ("/uploads/<upload_id>/status", GET): E("read"),
    ("/suppliers/", GET): E("read"),
    ("/suppliers/<supplier_id>", GET): E("read"),
    ("/suppliers/<supplier_id>/entity-decisions", POST): E("decide_matches", FORM_OK),
    ("/remediation/findings", GET): E("read"),
    ("/remediation/audits/import", POST): E("remediate", FORM_OK),
    ("/remediation/findings/new", GET): E("remediate"),
    ("/remediation/findings/new", POST): E("remediate", FORM_OK),
    ("/remediation/findings/<finding_id>", GET): E("read"),
    ("/remediation/findings/<finding_id>/edit", POST): E("remediate", FORM_OK),
    ("/remediation/findings/<finding_id>/actions", POST): E("remediate", FORM_OK),
    ("/remediation/findings/<finding_id>/attachments", POST): E("remediate", FORM_OK),
    ("/remediation/findings/<finding_id>/remedy", POST): E("remediate", FORM_OK),
    ("/remediation/actions/due", GET): E("read"),
    ("/remediation/actions/<action_id>/comments", POST): E("remediate", FORM_OK),
    ("/remediation/actions/<action_id>/status", POST): E("remediate", FORM_OK),
    ("/remediation/attachments/<attachment_id>", GET): E("read"),
    ("/remediation/remedy/<entry_id>/repayments", POST): E("remediate", FORM_OK),
    ("/remediation/remedy/<entry_id>/verify", POST): E("remediate", FORM_OK),
    ("/evidence/", GET): E("evidence"),
    ("/evidence/", POST): E("evidence", FORM_OK),
    ("/evidence/<pack_id>", GET): E("evidence"),
    ("/evidence/<pack_id>/download", GET): E("evidence"),
    ("/evidence/<pack_id>/status", GET): E("evidence"),
    ("/dashboards", GET): E("read", frozenset({302})),
    ("/api/v1/openapi.json", GET): E("public"),
    ("/api/v1/rulesets", GET): E("read"),
    ("/api/v1/suppliers", GET): E("read"),
    ("/api/v1/suppliers/<supplier_id>", GET): E("read"),
    ("/api/v1/suppliers/<supplier_id>/entity-decisions", GET): E("read"),
    ("/api/v1/suppliers/<supplier_id>/entity-decisions", POST): E(
        "decide_matches", frozenset({400}), {"entity": "Acmemark Entity", "status": "dismissed"}
    ),
    ("/api/v1/uploads", POST): E("upload", frozenset({400})),
    ("/api/v1/uploads/<upload_id>", GET): E("read"),
    ("/api/v1/findings", GET): E("read"),
    ("/api/v1/findings", POST): E("remediate", frozenset({400})),
    ("/api/v1/findings/<finding_id>", GET): E("read"),
    ("/api/v1/findings/<finding_id>", PATCH): E("remediate", PAGE_OK, {"source_ref": "seen"}),
    ("/api/v1/findings/<finding_id>/actions", POST): E(
        "remediate",
        frozenset({201}),
        {"title": "Acmemark fix", "owner": "Acme Apparel", "due_date": "2031-01-01"},
    ),
    ("/api/v1/actions/<action_id>", PATCH): E("remediate", PAGE_OK, {"comment": "checked"}),
    ("/api/v1/evidence-packs", GET): E("evidence"),
    ("/api/v1/evidence-packs", POST): E("evidence", frozenset({202, 400})),
    ("/api/v1/evidence-packs/<pack_id>", GET): E("evidence"),
    ("/api/v1/evidence-packs/<pack_id>/download", GET): E("evidence"),
}
DASH_ASSET_OK = frozenset({200, 404})  # a bundle or asset name that does not exist is a 404
for _name in ("explorer", "overview", "remediation"):
    _base = f"/dash/{_name}/"
    EXPECT |= {
        (_base, GET): E("read"),
        (_base + "<path>", GET): E("read"),
        (_base + "_dash-layout", GET): E("read"),
        (_base + "_dash-dependencies", GET): E("read"),
        (_base + "_dash-update-component", POST): E("read", frozenset({400, 415})),
        (_base + "_dash-component-suites/<package_name>/<fingerprinted_path>", GET): E(
            "read", DASH_ASSET_OK
        ),
        (_base + "_favicon.ico", GET): E("read", DASH_ASSET_OK),
        (_base + "_reload-hash", GET): E("read"),
        (_base + "assets/<filename>", GET): E("read", DASH_ASSET_OK),
    }
NOT_OURS = {"static"}  # Flask's own static files: public by nature, no view of ours to mark
IDS = {  # URL variable -> which of company A's objects it names
    "upload_id": "upload",
    "supplier_id": "supplier",
    "finding_id": "finding",
    "action_id": "action",
    "attachment_id": "attachment",
    "entry_id": "remedy",
    "pack_id": "pack",
    "token_id": "token",
    "user_id": "user",
}
ARGS = {
    "filename": "dashboards.css",
    "path": "anything",
    "package_name": "dash",
    "fingerprinted_path": "deps/react@18.3.1.min.js",
}
MISSING = 2**31 - 1  # an id no company has
MARKERS = ("Acmemark", "Acme Apparel", "acme-apparel.example")  # only A may ever see these
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def key(rule: Any) -> str:
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"<\1>", rule.rule)


def rules(app: Flask) -> list[tuple[Any, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in NOT_OURS
        for method in sorted(rule.methods & set(METHODS))
    ]


def test_every_route_is_marked_and_in_the_matrix(app: Flask) -> None:
    unmarked = sorted(
        key(r)
        for r in app.url_map.iter_rules()
        if r.endpoint not in NOT_OURS and not hasattr(app.view_functions[r.endpoint], "access")
    )
    assert unmarked == [], "views without @require/@public/@api_require"
    routed = {(key(rule), method) for rule, method in rules(app)}
    assert sorted(routed - EXPECT.keys()) == [], "routes missing from EXPECT"
    assert sorted(EXPECT.keys() - routed) == [], "rows in EXPECT without a route"
    wrong = {
        (key(rule), method): app.view_functions[rule.endpoint].access
        for rule, method in rules(app)
        if app.view_functions[rule.endpoint].access != EXPECT[(key(rule), method)].capability
    }
    assert wrong == {}, "the view's capability differs from the matrix"


@dataclass
class World:
    """Company A's objects, and how to call the app as each kind of caller."""

    app: Flask
    db: Database
    a: Tenant
    b: Tenant
    ids: dict[str, int]
    tokens: dict[str, str]  # caller -> API token

    def url(self, rule: Any, *, missing: bool = False) -> str:
        """The rule's URL with A's ids (or ids that exist nowhere)."""
        values = {
            v: (MISSING if missing else self.ids[IDS[v]]) if v in IDS else ARGS[v]
            for v in rule.arguments
        }
        with self.app.test_request_context():
            return self.app.url_for(rule.endpoint, **values)

    def call(
        self, caller: str, method: str, rule: Any, *, missing: bool = False, csrf: bool = True
    ) -> TestResponse:
        client, url = self.app.test_client(), self.url(rule, missing=missing)
        data = EXPECT[(key(rule), method)].data or {}
        if url.startswith("/api/"):
            headers = bearer(self.tokens[caller]) if caller != "anonymous" else {}
            return client.open(url, method=method, headers=headers, json=data or None)
        if caller != "anonymous":
            self._sign_in(client, caller)
        if not csrf:
            return client.open(url, method=method, data=data)
        token = csrf_from(client.get("/login").get_data(as_text=True))
        form = {**data, "csrf_token": token}
        return client.open(url, method=method, headers={"X-CSRFToken": token}, data=form)

    def _sign_in(self, client: FlaskClient, caller: str) -> None:
        email = self.b.emails["admin"] if caller == "b-admin" else self.a.emails[caller]
        with self.db.reading() as s:
            user = s.scalar(select(User).where(User.email == email))
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = f"{user.id}:{user.session_version}", True

    def a_state(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of company A in every table that has a company (but when a token was
        last used: a refused caller of A's own may still have presented a valid token)."""
        with self.db.reading() as s:
            return {
                table.name: _rows(s, table, self.a.company_id)
                for table in Base.metadata.sorted_tables
                if "company_id" in table.c
            }


def _rows(s: Any, table: Table, company_id: int) -> list[tuple[Any, ...]]:
    columns = [c for c in table.c if c.name != "last_used_at"]
    stmt = select(*columns).where(table.c.company_id == company_id).order_by(*table.primary_key)
    return [tuple(row) for row in s.execute(stmt)]


@pytest.fixture
def world(app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant, tmp_path: Path) -> World:
    tokens_a, tokens_b = make_tokens(db, tenant_a), make_tokens(db, tenant_b)
    client = app.test_client()
    bad_row = ("A-009", "Acmemark Nowhere", "Narnia", "", "", "", "")
    a_upload = Api(client, tokens_a["admin"]).upload(supplier_csv((*A_ROWS, bad_row)), "acme.csv")
    assert Api(client, tokens_b["admin"]).upload(supplier_csv(B_ROWS), "b.csv").status_code == 202
    ids = {"upload": a_upload.json["id"], **_seed_a(db, tenant_a, tmp_path)}
    return World(app, db, tenant_a, tenant_b, ids, {**tokens_a, "b-admin": tokens_b["admin"]})


def _seed_a(db: Database, a: Tenant, tmp_path: Path) -> dict[str, int]:
    """One of each object of company A that a route can name, and a user and token to act on."""
    evidence = tmp_path / "attachment.pdf"
    evidence.write_bytes(b"%PDF-1.4 Acmemark evidence")
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("manifest.json", "{}")
    company = a.company_id
    with db.transaction() as s:
        supplier = s.scalar(select(Supplier).where(Supplier.company_id == company).limit(1))
        target = accounts.add_user(
            s,
            accounts.company_by_name(s, a.name),
            "target@acme-apparel.example",
            "auditor",
            PASSWORD,
        )
        token, _ = accounts.create_token(s, target, "matrix")
        finding = _add(
            s,
            Finding(
                company_id=company,
                supplier_id=supplier.id,
                title="Acmemark finding",
                severity="high",
                source_type="audit",
            ),
        )
        action = _add(
            s,
            CorrectiveAction(
                company_id=company,
                finding_id=finding.id,
                title="Acmemark action",
                owner="Acme Apparel",
                due_date=date(2030, 1, 1),
            ),
        )
        attachment = _add(
            s,
            Attachment(
                company_id=company,
                finding_id=finding.id,
                file_name="acmemark.pdf",
                content_type="application/pdf",
                sha256="0" * 64,
                size_bytes=evidence.stat().st_size,
                stored_path=str(evidence),
            ),
        )
        remedy = _add(
            s,
            RemedyEntry(
                company_id=company,
                finding_id=finding.id,
                supplier_id=supplier.id,
                kind="wages",
                currency="USD",
            ),
        )
        packed = _add(
            s,
            EvidencePack(
                company_id=company,
                status="done",
                stored_path=str(pack),
                size_bytes=pack.stat().st_size,
                sha256="0" * 64,
            ),
        )
        return {
            "supplier": supplier.id,
            "user": target.id,
            "token": token.id,
            "finding": finding.id,
            "action": action.id,
            "attachment": attachment.id,
            "remedy": remedy.id,
            "pack": packed.id,
        }


def _add(s: Any, row: Any) -> Any:
    s.add(row)
    s.flush()
    return row


def _is_page(method: str, url: str) -> bool:
    """Pages redirect anonymous callers to /login; the API and Dash's own requests answer 401."""
    if url.startswith("/api/"):
        return False
    dash_tail = url.split("/")[3:] if url.startswith("/dash/") else []
    return not (method != "GET" and dash_tail) and not any(
        part.startswith("_") or part == "assets" for part in dash_tail
    )


def _anonymous_answer(method: str, url: str, response: TestResponse) -> str | None:
    if not _is_page(method, url):
        return None if response.status_code == 401 else "not 401"
    redirected = response.status_code == 302 and "/login" in response.headers.get("Location", "")
    return None if redirected else "not redirected to /login"


def _leaks(response: TestResponse) -> bool:
    body = response.get_data()
    return any(marker.encode() in body for marker in MARKERS)


def check(world: World, rule: Any, method: str) -> list[str]:
    """Every caller on one rule and method; the problems found (empty when all is well)."""
    expect = EXPECT[(key(rule), method)]
    url, problems = world.url(rule), []
    before = world.a_state()
    refused = ["anonymous", "b-admin"] + [r for r in sorted(ALL_ROLES) if not _may(r, expect)]
    for caller in refused:
        response = world.call(caller, method, rule)
        if caller == "anonymous" and expect.capability != "public":
            problem = _anonymous_answer(method, url, response)
        elif caller == "b-admin":
            problem = _foreign_answer(world, method, rule, response)
        elif caller == "anonymous":
            problem = None if response.status_code in expect.ok else "public route refused"
        else:
            problem = None if response.status_code == 403 else f"{caller} not refused (403)"
        if caller in ("anonymous", "b-admin") and _leaks(response):
            problem = problem or "saw company A's data"
        if problem:
            problems.append(f"{method} {url} as {caller}: {problem} ({response.status_code})")
    if expect.capability != "public" and world.a_state() != before:
        problems.append(f"{method} {url}: a refused call changed company A's data")
    for role in sorted(r for r in ALL_ROLES if _may(r, expect)):
        status = world.call(role, method, rule).status_code
        if status not in expect.ok:
            problems.append(f"{method} {url} as {role}: {status}, expected {sorted(expect.ok)}")
    return problems


def _foreign_answer(world: World, method: str, rule: Any, response: TestResponse) -> str | None:
    """Company B naming A's objects: 404, exactly as for objects that do not exist."""
    if not any(v in IDS for v in rule.arguments):
        ok = EXPECT[(key(rule), method)].ok
        return None if response.status_code in ok else "refused on its own data"
    missing = world.call("b-admin", method, rule, missing=True).status_code
    return None if response.status_code == missing == 404 else f"not 404 (missing: {missing})"


def _may(role: str, expect: Expect) -> bool:
    return expect.capability == "public" or allowed(role, expect.capability)


def test_access_matrix(world: World) -> None:
    problems = [p for rule, method in rules(world.app) for p in check(world, rule, method)]
    assert problems == [], "\n".join(problems)


def test_state_changing_pages_need_a_csrf_token(world: World) -> None:
    """Every page POST/PUT/PATCH/DELETE (the API uses bearer tokens, no cookies) refuses a
    request without a CSRF token, even from an admin, and changes nothing."""
    problems = []
    for rule, method in rules(world.app):
        if method == "GET" or rule.rule.startswith("/api/"):
            continue
        before = world.a_state()
        status = world.call("admin", method, rule, csrf=False).status_code
        if status != 400 or world.a_state() != before:
            problems.append(f"{method} {world.url(rule)} without a CSRF token: {status}")
    assert problems == [], "\n".join(problems)
