"""The findings API: create, list with filters, detail, actions; bad input is a 400, never a 500."""

from __future__ import annotations

from tests.integration.api.conftest import bearer, make_tokens


def test_create_list_and_read_findings(app, db, settings, seeded_a) -> None:
    headers = bearer(make_tokens(db, seeded_a.tenant)["compliance"])
    client = app.test_client()
    sid = seeded_a.suppliers["SUP-002"]
    made = client.post(
        "/api/v1/findings",
        headers=headers,
        json={
            "supplier_id": sid,
            "title": "Fees charged by agents",
            "severity": "major",
            "indicators": [9, 2],
            "source_type": "grievance",
            "source_ref": "GR-77",
            "found_on": "2026-10-02",
        },
    )
    assert made.status_code == 201, made.json
    finding = made.json
    assert [i["id"] for i in finding["indicators"]] == [2, 9]
    assert finding["supplier"]["id"] == sid and finding["status"] == "open"
    assert finding["supplier"]["tier"] is not None  # re-scored on creation
    client.post(
        "/api/v1/findings",
        headers=headers,
        json={
            "supplier_id": seeded_a.suppliers["SUP-001"],
            "title": "Overtime",
            "severity": "minor",
            "indicators": [11],
        },
    )
    listed = client.get("/api/v1/findings?severity=major", headers=headers).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == finding["id"]
    by_supplier = client.get(f"/api/v1/findings?supplier_id={sid}&status=open", headers=headers)
    assert [f["title"] for f in by_supplier.json["items"]] == ["Fees charged by agents"]
    action = client.post(
        f"/api/v1/findings/{finding['id']}/actions",
        headers=headers,
        json={"title": "Refund the fees", "owner": "hr@mekong.example", "due_date": "2027-03-01"},
    )
    assert action.status_code == 201 and action.json["allowed_next"][0] == "in_progress"
    changed = client.patch(
        f"/api/v1/actions/{action.json['id']}",
        headers=headers,
        json={"owner": "cfo@mekong.example", "due_date": "2027-04-01", "comment": "agreed on call"},
    )
    assert changed.status_code == 200
    assert (changed.json["owner"], changed.json["due_date"]) == ("cfo@mekong.example", "2027-04-01")
    assert [e["kind"] for e in changed.json["events"]] == ["created", "updated", "comment"]
    detail = client.get(f"/api/v1/findings/{finding['id']}", headers=headers).json
    assert detail["actions"][0]["id"] == action.json["id"]
    assert detail["remedy"] == {"entries": [], "totals": [], "supplier_totals": []}


def test_bad_requests_are_400_with_a_message(app, db, settings, seeded_a) -> None:
    headers = bearer(make_tokens(db, seeded_a.tenant)["admin"])
    client = app.test_client()
    sid = seeded_a.suppliers["SUP-001"]
    good = {"supplier_id": sid, "title": "T", "severity": "minor", "indicators": [1]}
    bad_bodies = [
        ({**good, "indicators": [12]}, "ILO indicator ids, 1 to 11"),
        ({**good, "indicators": ["Deception"]}, "ILO indicator ids, 1 to 11"),
        ({**good, "indicators": []}, "ILO indicator ids, 1 to 11"),
        ({**good, "severity": "severe"}, "is not one of: critical"),
        ({**good, "supplier_id": 2**40}, "integer from 1 to"),
        ({**good, "supplier_id": "1"}, "integer from 1 to"),
        ({**good, "title": 5}, "title must be a string"),
        ({**good, "title": "  "}, "title is required"),
        ({**good, "found_on": "02/10/2026"}, "YYYY-MM-DD"),
        ({**good, "source_type": "rumour"}, "source 'rumour'"),
    ]
    for body, message in bad_bodies:
        answer = client.post("/api/v1/findings", headers=headers, json=body)
        assert answer.status_code == 400 and message in answer.json["error"], (body, answer.json)
    assert client.post("/api/v1/findings", headers=headers, data="x").status_code == 400
    for query in (
        "page=0",
        "supplier_id=abc",
        "supplier_id=99999999999999",
        "status=done",
        "status=",
        "sort=title",
    ):
        assert client.get(f"/api/v1/findings?{query}", headers=headers).status_code == 400
    finding = client.post("/api/v1/findings", headers=headers, json=good).json["id"]
    action = client.post(
        f"/api/v1/findings/{finding}/actions",
        headers=headers,
        json={"title": "A", "owner": "o", "due_date": "2027-01-01"},
    ).json["id"]
    for body in ({}, {"owner": 7}, {"status": ["open"]}, {"due_date": 20270101}, {"reason": "x"}):
        answer = client.patch(f"/api/v1/actions/{action}", headers=headers, json=body)
        assert answer.status_code == 400, (body, answer.json)
    assert client.get(f"/api/v1/findings/{2**31}", headers=headers).status_code == 404
    assert client.get(f"/remediation/findings?supplier_id={2**40}").status_code == 302


def test_the_interfaces_endpoints_are_routed_and_documented(app) -> None:
    """INTERFACES.md: GET, POST /findings; GET /findings/{id}; POST /findings/{id}/actions;
    PATCH /actions/{id} (and PATCH /findings/{id} to correct a finding)."""
    paths = app.test_client().get("/api/v1/openapi.json").json["paths"]
    remediation = {
        (path, method.upper())
        for path, operations in paths.items()
        if path.startswith(("/findings", "/actions"))
        for method in operations
    }
    assert remediation == {
        ("/findings", "GET"),
        ("/findings", "POST"),
        ("/findings/{finding_id}", "GET"),
        ("/findings/{finding_id}", "PATCH"),
        ("/findings/{finding_id}/actions", "POST"),
        ("/actions/{action_id}", "PATCH"),
    }
    adapter = app.url_map.bind("localhost")
    for path, method in remediation:
        concrete = "/api/v1" + path.replace("{finding_id}", "1").replace("{action_id}", "1")
        assert adapter.match(concrete, method=method)[0].startswith("api."), (path, method)
