"""The OpenAPI document matches the routes: every /api/v1 rule is documented and vice versa."""

from __future__ import annotations

import re

from flask import Flask

from supplychain.web.api.openapi import PREFIX

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def flask_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.removeprefix(PREFIX))


def test_every_api_rule_is_documented_and_every_operation_routed(app: Flask) -> None:
    response = app.test_client().get("/api/v1/openapi.json")  # public: no token
    assert response.status_code == 200
    document = response.json
    documented = {
        (path, method.upper()) for path, ops in document["paths"].items() for method in ops
    }
    routed = {
        (flask_to_openapi(rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in rule.methods & METHODS
    }
    assert routed - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routed == set(), "documented operations without a route"
    assert {"/uploads", "/uploads/{upload_id}", "/suppliers", "/rulesets"} <= set(document["paths"])


def test_document_shape(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.") and document["servers"] == [{"url": PREFIX}]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["paths"]["/openapi.json"]["get"]["security"] == []
    upload = document["paths"]["/uploads"]["post"]
    assert set(upload["responses"]) >= {"202", "400", "401", "403", "413", "429"}
    assert "multipart/form-data" in upload["requestBody"]["content"]
    refs = re.findall(r'"#/components/schemas/(\w+)"', str(document).replace("'", '"'))
    assert set(refs) <= set(document["components"]["schemas"])
