"""Dash callbacks are CSRF-protected like forms: Flask-WTF checks the X-CSRFToken header that
Dash's renderer copies from the ``_csrf_token`` cookie the dashboard page sets."""

from __future__ import annotations

import base64

from flask import Flask

from supplychain.db.engine import Database
from tests.integration.dashboards.conftest import Companies, export_body, signed_in_client

URL = "/dash/overview/_dash-update-component"


def test_callback_needs_the_csrf_token(app: Flask, db: Database, companies: Companies) -> None:
    client, token = signed_in_client(app, companies.a.emails["executive"])
    body = export_body(client, "overview")
    assert client.post(URL, json=body).status_code == 400
    assert (
        client.post(URL, json=body, headers={"X-CSRFToken": token[:-2] + "xx"}).status_code == 400
    )
    response = client.post(URL, json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    data = response.get_json()["response"]["download-csv"]["data"]
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    assert "ACME " in text and "BETA" not in text


def test_the_cookie_is_limited_to_dash_and_same_site(
    app: Flask, db: Database, companies: Companies
) -> None:
    client, _ = signed_in_client(app, companies.a.emails["auditor"])
    cookie = client.get_cookie("_csrf_token", path="/dash/")
    assert cookie.path == "/dash/" and cookie.same_site == "Strict"
    assert client.get_cookie("_csrf_token", path="/") is None


def test_a_cross_site_form_post_is_refused(app: Flask, db: Database, companies: Companies) -> None:
    """What a hostile page could send with the user's cookies: a form, no custom header."""
    client, _ = signed_in_client(app, companies.a.emails["admin"])
    response = client.post(
        URL, data={"output": "download-csv.data"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 400
