"""Who may read and change remediation data: every route, every role, both companies."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from supplychain.db.models import ActionEvent, AuditEvent, Finding, RemedyEntry
from tests.integration.api.conftest import bearer, make_tokens
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.world import PDF, api_routes, build_world, page_routes

WRITERS = ("admin", "compliance")
READERS = ("executive", "auditor")


def _send(client, method: str, path: str, form: dict, token: str):
    data = {k: v for k, v in form.items() if k != "file"}
    if "file" in form:
        data["file"] = (io.BytesIO(PDF), "evidence.pdf")
    return client.open(
        path,
        method=method,
        data={**data, "csrf_token": token},
        content_type="multipart/form-data" if "file" in form else None,
    )


def _counts(db, company_id: int) -> tuple[int, ...]:
    with db.reading() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m).where(m.company_id == company_id))
            for m in (Finding, ActionEvent, RemedyEntry, AuditEvent)
        )


def test_every_route_is_in_the_matrix(app, db, settings, seeded_a, tmp_path) -> None:
    """A new remediation route or findings endpoint must be added to the matrix above."""
    world = build_world(db, settings, seeded_a, tmp_path)
    adapter = app.url_map.bind("localhost")
    listed = {
        (method, adapter.match(path.split("?")[0], method=method)[0])
        for method, path, _ in page_routes(world) + api_routes(world)
    }
    api_views = {
        "list_findings",
        "create_finding",
        "get_finding",
        "update_finding",
        "add_action",
        "change_action",
    }
    for rule in app.url_map.iter_rules():
        if not (
            rule.endpoint.startswith("remediation.")
            or rule.endpoint.removeprefix("api.") in api_views
        ):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, rule.endpoint) in listed, (method, rule.rule)
        assert app.view_functions[rule.endpoint].access in ("read", "remediate")


@pytest.mark.parametrize("role", WRITERS + READERS)
def test_pages_by_role(app, db, settings, seeded_a, tmp_path, role: str) -> None:
    world = build_world(db, settings, seeded_a, tmp_path)
    client = app.test_client()
    login(client, seeded_a.tenant.emails[role])
    token = csrf_from(client.get("/remediation/findings").get_data(as_text=True))
    for method, path, form in page_routes(world):
        answer = _send(client, method, path, form, token)
        writes = method != "GET" or path.startswith("/remediation/findings/new")
        if writes and role in READERS:
            assert answer.status_code == 403, (role, method, path)
        else:
            assert answer.status_code in (200, 302), (role, method, path, answer.status_code)
            flashed = client.get(f"/remediation/findings/{world.finding_id}").get_data(as_text=True)
            assert 'class="flash error"' not in flashed, (role, method, path)


@pytest.mark.parametrize("role", WRITERS + READERS)
def test_api_by_role(app, db, settings, seeded_a, tmp_path, role: str) -> None:
    world = build_world(db, settings, seeded_a, tmp_path)
    token = make_tokens(db, seeded_a.tenant)[role]
    client = app.test_client()
    for method, path, body in api_routes(world):
        answer = client.open(path, method=method, json=body, headers=bearer(token))
        if method != "GET" and role in READERS:
            assert answer.status_code == 403, (role, method, path)
        else:
            assert answer.status_code in (200, 201), (role, method, path, answer.json)


def test_other_company_gets_404_everywhere_and_changes_nothing(
    app, db, settings, seeded_a, seeded_b, tmp_path
) -> None:
    world = build_world(db, settings, seeded_a, tmp_path)
    before = _counts(db, seeded_a.tenant.company_id)
    client = app.test_client()
    login(client, seeded_b.tenant.emails["admin"])
    token = csrf_from(client.get("/remediation/findings").get_data(as_text=True))
    for method, path, form in page_routes(world):
        if path in ("/remediation/findings", "/remediation/actions/due"):
            page = client.get(path).get_data(as_text=True)
            assert "Passports held" not in page and "Return all passports" not in page
            continue
        answer = _send(client, method, path, form, token)
        assert answer.status_code == 404, (method, path, answer.status_code)
    api_token = make_tokens(db, seeded_b.tenant)["admin"]
    for method, path, body in api_routes(world):
        answer = client.open(path, method=method, json=body, headers=bearer(api_token))
        if path == "/api/v1/findings":
            assert answer.status_code in (200, 404), (method, path)
            assert method == "GET" or answer.status_code == 404, answer.json
            assert "Passports" not in answer.get_data(as_text=True)
        else:
            assert answer.status_code == 404, (method, path, answer.json)
    assert _counts(db, seeded_a.tenant.company_id) == before


def test_anonymous_is_sent_to_login_or_401(app, db, settings, seeded_a, tmp_path) -> None:
    world = build_world(db, settings, seeded_a, tmp_path)
    client = app.test_client()
    for method, path, _ in page_routes(world):
        if method == "GET":
            answer = client.get(path)
            assert answer.status_code == 302 and "/login" in answer.location, path
    for method, path, body in api_routes(world):
        assert client.open(path, method=method, json=body).status_code == 401, path
