"""The explorer's server-side grid and supplier view, called as each company's users."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from dashboards.explorer.callbacks import export_tables, grid_rows, show_supplier
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from supplychain.domain.fields import TIERS
from tests.integration.dashboards.conftest import Companies, acting_as, as_json


def request(
    filters: dict[str, Any] | None = None,
    sort: list[dict[str, str]] | None = None,
    start: int = 0,
    end: int = 100,
) -> dict[str, Any]:
    return {"startRow": start, "endRow": end, "filterModel": filters or {}, "sortModel": sort or []}


def text(op: str, value: str) -> dict[str, str]:
    return {"filterType": "text", "type": op, "filter": value}


def grid(app: Flask, db: Database, email: str, req: dict[str, Any]) -> dict[str, Any]:
    with acting_as(app, db, email):
        response, label = grid_rows(req)
    assert label.startswith(f"{response['rowCount']:,} supplier")
    return response


def test_each_company_pages_through_only_its_own_suppliers(
    app: Flask, db: Database, companies: Companies
) -> None:
    mine = grid(app, db, companies.a.emails["auditor"], request())
    theirs = grid(app, db, companies.b.emails["admin"], request())
    assert mine["rowCount"] == companies.a_suppliers == len(mine["rowData"])
    assert theirs["rowCount"] == companies.b_suppliers
    assert all(r["name"].startswith("ACME ") for r in mine["rowData"])
    assert all(r["name"].startswith("BETA ") for r in theirs["rowData"])
    scores = [r["score"] for r in mine["rowData"]]
    assert scores == sorted(scores, reverse=True)  # riskiest first by default
    beta = grid(app, db, companies.a.emails["auditor"], request({"name": text("contains", "beta")}))
    assert beta == {"rowData": [], "rowCount": 0}


def test_paging_is_limit_and_offset(app: Flask, db: Database, companies: Companies) -> None:
    email = companies.a.emails["executive"]
    everything = grid(app, db, email, request(end=100))["rowData"]
    block = grid(app, db, email, request(start=10, end=20))
    assert block["rowCount"] == companies.a_suppliers
    assert [r["id"] for r in block["rowData"]] == [r["id"] for r in everything[10:20]]
    huge = grid(app, db, email, request(start=0, end=10**9))
    assert len(huge["rowData"]) == companies.a_suppliers  # capped at 500 rows a block


def test_sorting_by_allowed_columns(app: Flask, db: Database, companies: Companies) -> None:
    email = companies.a.emails["executive"]
    by_score = grid(app, db, email, request(sort=[{"colId": "score", "sort": "asc"}]))["rowData"]
    assert [r["score"] for r in by_score] == sorted(r["score"] for r in by_score)
    by_tier = grid(app, db, email, request(sort=[{"colId": "risk_tier", "sort": "desc"}]))
    ranks = [TIERS.index(r["risk_tier"]) for r in by_tier["rowData"]]
    assert ranks == sorted(ranks, reverse=True)
    ignored = grid(
        app, db, email, request(sort=[{"colId": "company_id; DROP TABLE x", "sort": "asc"}])
    )
    assert ignored["rowData"] == grid(app, db, email, request())["rowData"]


def test_any_other_order_pages_through_the_company_s_matches_only(
    app: Flask, db: Database, companies: Companies
) -> None:
    """Sorted by spend (no index: the matching ids are chosen first), a filtered grid still
    holds only the company's matches, in order, block after block, with the same ties."""
    email = companies.a.emails["executive"]
    by_spend = [{"colId": "annual_spend", "sort": "desc"}]
    scored = {"score": {"filterType": "number", "type": "greaterThan", "filter": 0}}
    whole = grid(app, db, email, request(scored, by_spend, end=500))
    rows = whole["rowData"]
    assert 0 < len(rows) == whole["rowCount"] <= companies.a_suppliers
    assert all(r["name"].startswith("ACME ") and r["score"] > 0 for r in rows)
    spends = [r["annual_spend"] for r in rows]
    given = [v for v in spends if v is not None]
    assert given == sorted(given, reverse=True)
    assert spends == given + [None] * (len(spends) - len(given))  # missing spend last
    blocks = [grid(app, db, email, request(scored, by_spend, start=i, end=i + 7)) for i in (0, 7)]
    assert [r["id"] for b in blocks for r in b["rowData"]] == [r["id"] for r in rows[:14]]


def test_filters_become_sql_where(app: Flask, db: Database, companies: Companies) -> None:
    a, email = companies.a.company_id, companies.a.emails["compliance"]

    def expected(*conditions: Any) -> int:
        with db.reading() as s:
            stmt = select(func.count()).where(Supplier.company_id == a, *conditions)
            return int(s.scalar(stmt))

    def matched(filters: dict[str, Any]) -> int:
        return grid(app, db, email, request(filters))["rowCount"]

    assert matched({"score": {"filterType": "number", "type": "greaterThan", "filter": 50}}) == (
        expected(Supplier.score > 50)
    )
    either = {
        "filterType": "text",
        "operator": "OR",
        "conditions": [text("equals", "critical"), text("equals", "HIGH")],
    }
    assert matched({"risk_tier": either}) == expected(Supplier.risk_tier.in_(["critical", "high"]))
    audited = {"filterType": "date", "type": "lessThan", "dateFrom": "2025-01-01 00:00:00"}
    assert matched({"audit_date": audited}) == expected(Supplier.audit_date < date(2025, 1, 1))
    assert matched({"audit_date": {"filterType": "date", "type": "blank"}}) == expected(
        Supplier.audit_date.is_(None)
    )
    assert matched({"name": text("startsWith", "acme")}) == companies.a_suppliers


def test_odd_filters_are_literal_or_ignored(app: Flask, db: Database, companies: Companies) -> None:
    email = companies.a.emails["executive"]
    for filters in (
        {"name": text("contains", "%' OR 1=1 --")},
        {"name": text("contains", "%")},
        {"name": text("contains", "_")},
    ):
        assert grid(app, db, email, request(filters))["rowCount"] == 0
    for filters in (
        {
            "company_id": {
                "filterType": "number",
                "type": "equals",
                "filter": companies.b.company_id,
            }
        },
        {"name": {"filterType": "number", "type": "greaterThan", "filter": 1}},
        {"score": {"filterType": "number", "type": "regex", "filter": ".*"}},
        {"score": {"filterType": "number", "type": "lessThan", "filter": "NaN"}},
        {"name": "not a model"},
    ):
        assert grid(app, db, email, request(filters))["rowCount"] == companies.a_suppliers


def test_supplier_view_only_for_own_suppliers(
    app: Flask, db: Database, companies: Companies
) -> None:
    supplier_id = companies.a_remediation["supplier_id"]
    with acting_as(app, db, companies.a.emails["executive"]):
        view = as_json(show_supplier([{"id": supplier_id}]))
        foreign = as_json(show_supplier([{"id": companies.b_supplier_id}]))
        junk = [as_json(show_supplier(v)) for v in (None, [], [{"id": "7"}], [{"id": True}], "x")]
    assert "ACME " in view and f"/suppliers/{supplier_id}" in view
    assert "Why this score" in view and "Score history" in view
    assert "Passports held" in view and "Return passports" in view  # remediation items
    assert "No such supplier." in foreign and "BETA" not in foreign
    assert all("Click a supplier" in j for j in junk)


def test_export_follows_the_grid_filter(app: Flask, db: Database, companies: Companies) -> None:
    req = request({"risk_tier": text("equals", "critical")})
    with acting_as(app, db, companies.a.emails["auditor"]):
        tables = export_tables(req)
        count = grid_rows(req)[0]["rowCount"]
    assert [t for t, _ in tables] == ["Suppliers"]
    frame = tables[0][1]
    assert len(frame) == count > 0 and set(frame["risk_tier"]) <= {"critical"}
    assert frame["name"].str.startswith("ACME ").all()
