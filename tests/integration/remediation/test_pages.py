"""The finding form as a compliance officer meets it: choosing the supplier, the supplier page's
links into remediation (a risk rule's hit becomes a finding), refused input kept, every source."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from supplychain.db.models import Finding
from supplychain.db.models.remediation import FINDING_SOURCES
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.conftest import add_finding


def test_supplier_is_chosen_by_name_or_id(app, db, settings, seeded_a, seeded_b) -> None:
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    page = client.get("/remediation/findings/new").get_data(as_text=True)
    assert 'id="q"' in page and 'name="supplier_id"' not in page
    found = client.get("/remediation/findings/new?q=mekong").get_data(as_text=True)
    mekong = seeded_a.suppliers["SUP-002"]
    assert f"/remediation/findings/new?supplier_id={mekong}" in found
    assert "Golden Thread" not in found
    by_ref = client.get("/remediation/findings/new?q=sup-003").get_data(as_text=True)
    assert "Andes Coffee Cooperative" in by_ref
    other = seeded_b.suppliers["SUP-002"]
    assert f"supplier_id={other}" not in found  # the other company's namesake is not offered
    assert "No supplier" in client.get("/remediation/findings/new?q=zzz").get_data(as_text=True)
    assert client.get(f"/remediation/findings/new?supplier_id={other}").status_code == 404


def test_a_risk_rule_hit_on_the_supplier_page_becomes_a_finding(app, db, imported_a) -> None:
    client = app.test_client()
    login(client, imported_a.tenant.emails["compliance"])
    sid = imported_a.suppliers["SUP-001"]
    page = client.get(f"/suppliers/{sid}").get_data(as_text=True)
    assert 'id="findings"' in page and "No findings recorded." in page
    links = [
        html.unescape(line.split('href="', 1)[1].split('"', 1)[0])
        for line in page.splitlines()
        if "record a finding</a>" in line
    ]
    assert links and all("source_type=risk_rule" in link for link in links)
    form = client.get(links[0]).get_data(as_text=True)
    assert '<option value="risk_rule" selected>' in form
    given = parse_qs(urlsplit(links[0]).query)["source_ref"][0]
    rule = given.split(":", 1)[0]
    assert f'name="source_ref" maxlength="2000" value="{html.escape(given)}"' in form
    answer = client.post(
        "/remediation/findings/new",
        data={
            "csrf_token": csrf_from(form),
            "supplier_id": str(sid),
            "title": "Cotton from a listed region",
            "severity": "major",
            "indicators": ["1", "3"],
            "source_type": "risk_rule",
            "source_ref": f"{rule}: from the score",
        },
    )
    assert answer.status_code == 302
    with db.reading() as s:
        finding = s.scalar(select(Finding))
    assert (finding.source_type, finding.source_ref) == ("risk_rule", f"{rule}: from the score")
    page = client.get(f"/suppliers/{sid}").get_data(as_text=True)
    assert "1 open</a>" in page and "see the open findings" in page
    assert "1 open major finding(s) not verified closed" in page  # the "why"


def test_a_refused_finding_keeps_what_was_typed(app, db, settings, seeded_a) -> None:
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    answer = _post_finding(
        client,
        seeded_a.suppliers["SUP-001"],
        title="Wages held back three months",
        severity="critical",
        description="Told by twelve workers",
        source_type="grievance",
        source_ref="GR-12",
        found_on="2026-10-01",
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "ILO indicators" in page and 'class="flash error"' in page
    assert 'value="Wages held back three months"' in page
    assert ">Told by twelve workers</textarea>" in page
    assert '<option value="critical" selected>' in page
    assert '<option value="grievance" selected>' in page
    assert 'value="GR-12"' in page and 'value="2026-10-01"' in page
    with db.reading() as s:
        assert s.scalar(select(Finding)) is None


@pytest.mark.parametrize("source", FINDING_SOURCES)
def test_every_source_is_recorded_and_shown(app, db, settings, seeded_a, source: str) -> None:
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    sid = seeded_a.suppliers["SUP-002"]
    answer = _post_finding(
        client,
        sid,
        follow_redirects=True,
        title=f"Reported by {source}",
        severity="minor",
        indicators=["11"],
        source_type=source,
        source_ref="REF-1",
    )
    label = source.replace("_", " ")
    assert f"source: {label} (REF-1)" in answer.get_data(as_text=True)
    listing = client.get(f"/remediation/findings?supplier_id={sid}").get_data(as_text=True)
    assert f"<td>{label}</td>" in listing and "Mekong Seafood Processing</a> (" in listing


def test_findings_list_names_the_supplier_it_is_filtered_on(app, db, settings, seeded_a) -> None:
    add_finding(db, settings, seeded_a, "SUP-002", severity="minor")
    client = app.test_client()
    login(client, seeded_a.tenant.emails["executive"])
    sid = seeded_a.suppliers["SUP-002"]
    page = client.get(f"/remediation/findings?supplier_id={sid}&status=open").get_data(True)
    assert "1 finding for" in page and "Mekong Seafood Processing</a> (<a" in page
    assert 'id="new-finding"' not in page  # an executive reads, and records nothing


def _post_finding(
    client: FlaskClient, supplier_id: int, *, follow_redirects: bool = False, **fields: Any
) -> TestResponse:
    """Post the new-finding form for the supplier, as its page sends it (with the CSRF token)."""
    form = client.get(f"/remediation/findings/new?supplier_id={supplier_id}").get_data(True)
    data = {"csrf_token": csrf_from(form), "supplier_id": str(supplier_id), **fields}
    return client.post("/remediation/findings/new", data=data, follow_redirects=follow_redirects)
