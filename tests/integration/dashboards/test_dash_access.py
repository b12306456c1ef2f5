"""Every Dash route, for anonymous visitors, each role, and the other company.

The rules are read from ``app.url_map`` (a new Dash route is covered without editing this file);
each must carry the ``access`` mark the access-matrix test reads.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from app import create_app
from supplychain.config import Settings
from supplychain.db.engine import Database
from tests.integration.conftest import Tenant, login
from tests.integration.dashboards.conftest import Companies, export_body, signed_in_client

ROLES = ("admin", "compliance", "executive", "auditor")
DASHBOARDS = ("overview", "explorer", "remediation")


def dash_rules(app: Flask) -> list[Any]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/dash/") or r.endpoint.startswith("dashboards.")
    ]


def concrete(rule: Any, suite: str) -> str:
    """A real URL for the rule: an existing asset, a real component bundle, any sub-path."""
    url = rule.rule.replace("<path:filename>", "dashboards.css").replace("<path:path>", "x/y")
    return re.sub(r"<string:package_name>/<path:fingerprinted_path>", suite, url)


def is_page(url: str) -> bool:
    return url == "/dashboards" or re.fullmatch(r"/dash/\w+/(x/y)?", url) is not None


def component_suite(client: Any, dashboard: str) -> str:
    html = client.get(f"/dash/{dashboard}/").get_data(as_text=True)
    src = re.search(rf'src="/dash/{dashboard}/_dash-component-suites/([^"?]+)', html)
    assert src, "the page loads no component bundle"
    return src.group(1)


def test_every_dash_rule_is_marked_read(app: Flask) -> None:
    rules = dash_rules(app)
    assert len(rules) == 1 + 9 * len(DASHBOARDS)
    for rule in rules:
        assert getattr(app.view_functions[rule.endpoint], "access", None) == "read", rule.rule


def test_anonymous_get_a_login_redirect_or_401_everywhere(
    app: Flask, db: Database, companies: Companies
) -> None:
    signed, _ = signed_in_client(app, companies.a.emails["executive"])
    suite = component_suite(signed, "overview")
    anonymous = app.test_client()
    for rule in dash_rules(app):
        url = concrete(rule, suite)
        method = "POST" if "POST" in rule.methods else "GET"
        response = anonymous.open(url, method=method, json={} if method == "POST" else None)
        if is_page(url):
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login"), url
        else:
            assert response.status_code == 401, url
            assert response.get_json() == {"error": "Please sign in."}, url
        assert "ACME" not in response.get_data(as_text=True)
    assert anonymous.get("/dash/nowhere/_dash-layout").status_code == 401


def test_every_role_reads_every_dash_route(app: Flask, db: Database, companies: Companies) -> None:
    for role in ROLES:
        check_role(app, companies.a.emails[role])


def check_role(app: Flask, email: str) -> None:
    client, token = signed_in_client(app, email)
    suite = component_suite(client, "overview")
    for rule in dash_rules(app):
        url = concrete(rule, suite)
        if "POST" in rule.methods:
            dashboard = url.split("/")[2]
            response = client.post(
                url, json=export_body(client, dashboard), headers={"X-CSRFToken": token}
            )
            assert "BETA" not in response.get_data(as_text=True)
        else:
            response = client.get(url)
        expected = 302 if url == "/dashboards" else 200
        assert response.status_code == expected, (url, response.status_code)
    assert client.get("/dash/nowhere/_dash-layout").status_code == 404


def test_the_other_company_gets_only_its_own_data(
    app: Flask, db: Database, companies: Companies
) -> None:
    for dashboard in DASHBOARDS:
        check_only_own(app, companies.b.emails["executive"], dashboard)


def check_only_own(app: Flask, email: str, dashboard: str) -> None:
    client, token = signed_in_client(app, email, dashboard)
    url = f"/dash/{dashboard}/_dash-update-component"
    response = client.post(url, json=export_body(client, dashboard), headers={"X-CSRFToken": token})
    assert response.status_code == 200
    layout = client.get(f"/dash/{dashboard}/_dash-layout").get_data(as_text=True)
    for body in (response.get_data(as_text=True), layout):
        assert "ACME" not in body and "Acme Apparel" not in body
    assert "Beta Foods" in layout


def test_several_apps_in_one_process_each_serve_their_dashboards(
    settings: Settings, db: Database, tenant_a: Tenant
) -> None:
    apps = [create_app(settings), create_app(settings)]
    try:
        for flask_app in apps:
            client = flask_app.test_client()
            login(client, tenant_a.emails["executive"])
            for dashboard in DASHBOARDS:
                deps = client.get(f"/dash/{dashboard}/_dash-dependencies").get_json()
                assert any(d["output"] == "download-xlsx.data" for d in deps)
                assert client.get(f"/dash/{dashboard}/_dash-layout").status_code == 200
    finally:
        for flask_app in apps:
            flask_app.extensions["supplychain.db"].dispose()
