"""``/api/v1/suppliers/{id}/entity-decisions``: decide, list, roles, errors, other companies."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from supplychain.config import Settings
from supplychain.db.engine import Database
from tests.integration.api.conftest import Api, bearer
from tests.integration.conftest import Tenant
from tests.integration.remediation.conftest import import_suppliers
from tests.integration.test_entity_decisions import CAMEL, ROWS, SHIPPED_EDITION


def test_decide_and_list_over_the_api(
    app: Flask,
    db: Database,
    settings: Settings,
    tenant_a: Tenant,
    tokens_a: dict[str, str],
    tokens_b: dict[str, str],
    tmp_path: Path,
) -> None:
    camel = import_suppliers(db, settings, tenant_a, tmp_path, ROWS)["EL-001"]
    path = f"/api/v1/suppliers/{camel}/entity-decisions"
    officer = Api(app.test_client(), tokens_a["compliance"])
    executive = Api(app.test_client(), tokens_a["executive"])
    stranger = Api(app.test_client(), tokens_b["admin"])
    body = {"entity": CAMEL, "status": "dismissed", "reason": "Other firm"}
    assert (
        executive.client.post(path, json=body, headers=bearer(executive.token)).status_code == 403
    )
    assert stranger.client.post(path, json=body, headers=bearer(stranger.token)).status_code == 404
    assert stranger.get(path[len("/api/v1") :]).status_code == 404
    bad = officer.client.post(path, json={**body, "status": "maybe"}, headers=bearer(officer.token))
    assert bad.status_code == 400 and "confirmed or dismissed" in bad.json["error"]
    nul = officer.client.post(
        path, json={**body, "entity": "a\x00b"}, headers=bearer(officer.token)
    )
    assert nul.status_code == 400
    missing = officer.client.post(path, json={**body, "reason": ""}, headers=bearer(officer.token))
    assert missing.status_code == 400 and "reason" in missing.json["error"]
    done = officer.client.post(path, json=body, headers=bearer(officer.token))
    assert done.status_code == 200, done.json
    assert done.json["previous_tier"] == "critical" and done.json["tier"] != "critical"
    assert done.json["decision"]["edition"] == SHIPPED_EDITION
    listed = executive.get(path[len("/api/v1") :])
    assert listed.status_code == 200
    (item,) = listed.json["items"]
    assert (item["status"], item["reason"], item["decided_by"]) == (
        "dismissed",
        "Other firm",
        tenant_a.emails["compliance"],
    )
    assert item["reopened_by"] is None
    assert executive.get(f"/suppliers/{camel}").json["supplier"]["tier"] == done.json["tier"]


def test_the_openapi_document_lists_the_decision_endpoints(app: Flask) -> None:
    paths = app.test_client().get("/api/v1/openapi.json").json["paths"]
    ops = paths["/suppliers/{supplier_id}/entity-decisions"]
    assert set(ops) == {"get", "post"}
    assert "403" in ops["post"]["responses"] and "404" in ops["get"]["responses"]


def test_ids_out_of_range_are_404_on_a_path_with_two_methods(
    app: Flask, tokens_a: dict[str, str]
) -> None:
    """Werkzeug matches every rule's pattern before converting: with ``int(min=1)``, a POST to
    id 0 here was a 405 because the GET rule's pattern matched."""
    client = app.test_client()
    for bad in ("0", str(2**31), "99999999999", "01"):
        path = f"/api/v1/suppliers/{bad}/entity-decisions"
        for method in ("GET", "POST"):
            answer = client.open(path, method=method, headers=bearer(tokens_a["admin"]), json={})
            assert answer.status_code == 404, (method, bad, answer.status_code)
