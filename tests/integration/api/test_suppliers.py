"""GET /api/v1/suppliers, /suppliers/{id} and /rulesets on the real app, both databases."""

from __future__ import annotations

import hashlib

import pytest

from supplychain.config import Settings
from tests.integration.api.conftest import A_ROWS, Api


def test_list_filters_and_pages(api_a: Api, imported: dict[str, int]) -> None:
    everything = api_a.get("/suppliers").json
    assert everything["total"] == len(A_ROWS) and len(everything["items"]) == len(A_ROWS)
    item = everything["items"][0]
    assert set(item) == {"id", "name", "country", "tier", "score", "confidence"}
    scores = [i["score"] for i in everything["items"]]
    assert scores == sorted(scores, reverse=True)  # riskiest first
    assert all(i["name"].startswith("Acmemark") for i in everything["items"])
    peru = api_a.get("/suppliers?country=pe").json
    assert [i["country"] for i in peru["items"]] == ["PE"] and peru["total"] == 1
    coffee = api_a.get("/suppliers?q=ANDES").json
    assert [i["name"] for i in coffee["items"]] == ["Acmemark Andes Coffee"]
    tier = item["tier"]
    same_tier = api_a.get(f"/suppliers?tier={tier}").json["items"]
    assert same_tier and all(i["tier"] == tier for i in same_tier)
    page2 = api_a.get("/suppliers?per_page=3&page=2").json
    assert page2["total"] == len(A_ROWS) and len(page2["items"]) == len(A_ROWS) - 3
    assert api_a.get("/suppliers?tier=&country=&q=&page=").json["total"] == len(A_ROWS)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("tier=extreme", "tier"),
        ("country=USA", "country"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=501", "per_page"),
        ("q=" + "x" * 201, "q"),
        ("q=a%00b", "q"),
    ],
)
def test_bad_query_parameters_are_400(api_a: Api, query: str, named: str) -> None:
    response = api_a.get(f"/suppliers?{query}")
    assert response.status_code == 400
    assert response.json["error"].startswith(named)


@pytest.mark.parametrize("path", ["/suppliers?teir=high", "/rulesets?page=1", "/findings?x=1"])
def test_unknown_query_parameters_are_400_naming_them(api_a: Api, path: str) -> None:
    response = api_a.get(path)
    assert response.status_code == 400
    unknown = path.split("?")[1].split("=")[0]
    assert response.json["error"].startswith(f"Unknown query parameter '{unknown}'")


def test_other_companies_never_see_each_others_suppliers(
    api_a: Api, api_b: Api, imported: dict[str, int]
) -> None:
    b_list = api_b.get("/suppliers").get_data(as_text=True)
    assert "Betamark" in b_list and "Acmemark" not in b_list
    a_id = api_a.get("/suppliers").json["items"][0]["id"]
    foreign = api_b.get(f"/suppliers/{a_id}")
    assert foreign.status_code == 404 and "Acmemark" not in foreign.get_data(as_text=True)


def test_detail_explains_the_score(api_a: Api, imported: dict[str, int]) -> None:
    item = api_a.get("/suppliers?q=Lakeside").json["items"][0]
    detail = api_a.get(f"/suppliers/{item['id']}").json
    assert detail["supplier"]["id"] == item["id"] and detail["supplier"]["country"] == "GH"
    assessment = detail["assessment"]
    assert assessment["score"] == item["score"] and assessment["ruleset"]["sha256"]
    assert assessment["hits"], "a Ghanaian cocoa supplier must have rule hits"
    assert all(h["source"] and h["reason"] for h in assessment["hits"])
    assert sum(h["points"] for h in assessment["hits"]) >= 0
    assert [h["upload_id"] for h in detail["history"]] == [imported["a"]]
    assert detail["record"]["row_number"] == 5


def test_rulesets_list_versions_and_hashes(api_a: Api, settings: Settings) -> None:
    body = api_a.get("/rulesets").json
    by_id = {r["id"]: r for r in body["items"]}
    assert {"default", "strict"} <= set(by_id)
    shipped = settings.rules_dir / "rulesets" / "default.yaml"
    assert by_id["default"]["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert by_id["default"]["version"] and by_id["default"]["effective_date"]
