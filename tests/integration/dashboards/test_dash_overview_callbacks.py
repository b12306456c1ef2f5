"""The overview's callbacks, called directly as a signed-in user of each company."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import date
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from dashboards.components import download
from dashboards.overview.callbacks import export_tables, refresh
from sample_data.generate import generate_suppliers
from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from tests.integration.dashboards.conftest import Companies, acting_as, as_json
from tests.integration.dashboards.seed import import_frame

KPI_SUPPLIERS, KPI_ACTIONS, MAP, MIX, RISKIEST = 0, 4, 5, 9, 10
NO_FILTERS = (None, None, None, None, None, None)


def kpi(out: list, index: int) -> str:
    return out[index][0].children


def count(db: Database, company_id: int, *conditions: object) -> int:
    with db.reading() as s:
        stmt = select(func.count()).where(Supplier.company_id == company_id, *conditions)
        return int(s.scalar(stmt))


def test_each_company_sees_only_its_own_suppliers(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["executive"]):
        mine = refresh(*NO_FILTERS)
    with acting_as(app, db, companies.b.emails["auditor"]):
        theirs = refresh(*NO_FILTERS)
    assert kpi(mine, KPI_SUPPLIERS) == str(companies.a_suppliers)
    assert kpi(theirs, KPI_SUPPLIERS) == str(companies.b_suppliers)
    assert companies.a_suppliers > 30 and companies.b_suppliers > 20
    assert "ACME" in as_json(mine) and "BETA" not in as_json(mine)
    assert "BETA" in as_json(theirs) and "ACME" not in as_json(theirs)
    assert "NOR" not in list(mine[MAP]["data"][0]["locations"])
    assert list(theirs[MAP]["data"][0]["locations"]) == ["NOR"]
    names = [item.children[0].children for item in mine[RISKIEST]]
    assert len(names) == 20 and all(n.startswith("ACME ") for n in names)
    links = [item.children[0].href for item in mine[RISKIEST]]
    assert all(link.startswith("/suppliers/") and link[11:].isdigit() for link in links)
    assert (kpi(mine, KPI_ACTIONS), kpi(theirs, KPI_ACTIONS)) == ("1", "0")
    assert mine[KPI_ACTIONS][1].children == "1 overdue"


def test_filters_narrow_the_numbers(app: Flask, db: Database, companies: Companies) -> None:
    a = companies.a.company_id
    with db.reading() as s:
        country = s.scalar(
            select(Supplier.country)
            .where(Supplier.company_id == a)
            .group_by(Supplier.country)
            .order_by(func.count().desc())
            .limit(1)
        )
    with acting_as(app, db, companies.a.emails["compliance"]):
        by_country = refresh(None, None, [country], None, None, None)
        by_tier = refresh(None, None, None, None, ["high", "critical"], None)
        by_chain = refresh(None, None, None, None, None, ["1"])
    assert kpi(by_country, KPI_SUPPLIERS) == str(count(db, a, Supplier.country == country))
    exposed = count(db, a, Supplier.risk_tier.in_(["high", "critical"]))
    assert kpi(by_tier, KPI_SUPPLIERS) == str(exposed) and exposed > 0
    assert kpi(by_chain, KPI_SUPPLIERS) == str(count(db, a, Supplier.chain_tier == 1))


def test_tampered_filter_values_are_ignored(app: Flask, db: Database, companies: Companies) -> None:
    """Norway is Beta's only country and 'ZZ' no country at all: for Acme both are not among
    the options, so they are dropped and Acme sees all of its own suppliers, nothing of Beta."""
    with acting_as(app, db, companies.a.emails["executive"]):
        out = refresh(
            None,
            None,
            ["NO", "ZZ"],
            ["not_a_sector"],
            ["severe"],
            ["99"],
            "spend:XXX",
            "everything",
        )
    assert kpi(out, KPI_SUPPLIERS) == str(companies.a_suppliers)
    assert "BETA" not in as_json(out)


def test_upload_dates_filter_by_the_upload_that_last_reported(
    app: Flask, db: Database, companies: Companies
) -> None:
    """Every Acme supplier was last reported by today's upload: March alone shows none of them
    now, while the tier mix of March shows that upload's assessments."""
    today = date.today().isoformat()
    with acting_as(app, db, companies.a.emails["executive"]):
        march = refresh("2026-03-01", "2026-03-31", None, None, None, None)
        recent = refresh("2026-04-01", today, None, None, None, None)
        everything = refresh(*NO_FILTERS)
    assert kpi(march, KPI_SUPPLIERS) == "0"
    assert kpi(recent, KPI_SUPPLIERS) == str(companies.a_suppliers)
    assert [len(t["x"]) for t in march[MIX]["data"]] == [1] * len(march[MIX]["data"])
    assert sum(t["customdata"][0] for t in march[MIX]["data"]) == companies.a_march_rows > 20
    uploads = list(everything[MIX]["data"][0]["x"])
    assert len(uploads) == 2 and uploads[0].startswith("2026-03-02 #")


def test_export_is_what_the_page_shows_and_formula_safe(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["executive"]):
        tables = export_tables(*NO_FILTERS)
        payload = download("overview", "xlsx", tables)
    titles = [title for title, _ in tables]
    assert titles == [
        "Summary",
        "By country sector tier",
        "By good",
        "Tier mix across uploads",
        "Riskiest suppliers",
    ]
    summary = dict(zip(tables[0][1]["measure"], tables[0][1]["value"], strict=True))
    assert summary["suppliers"] == companies.a_suppliers and summary["open corrective actions"] == 1
    assert payload["filename"].startswith("supplychain-overview-") and payload["base64"]
    book = zipfile.ZipFile(io.BytesIO(base64.b64decode(payload["content"])))
    xml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "ACME" in xml and "BETA" not in xml


def test_new_scores_are_shown_at_once(
    app: Flask, db: Database, settings: Settings, companies: Companies, tmp_path: Path
) -> None:
    """The overview keeps its aggregates until the company's scores change: an import
    changes them, so the next call counts the new suppliers (and Beta's page is untouched)."""
    with acting_as(app, db, companies.a.emails["executive"]):
        before = refresh(*NO_FILTERS)
    more = generate_suppliers(12, 99, bad_rows=False)
    more["Supplier Name"] = "ACME NEW " + more["Supplier Name"].astype(str)
    more["Supplier ID"] = "NEW-" + more["Supplier ID"].astype(str)
    import_frame(db, settings, companies.a.company_id, more, tmp_path / "more.xlsx")
    with acting_as(app, db, companies.a.emails["executive"]):
        after = refresh(*NO_FILTERS)
    with acting_as(app, db, companies.b.emails["executive"]):
        beta = refresh(*NO_FILTERS)
    assert kpi(before, KPI_SUPPLIERS) == str(companies.a_suppliers)
    assert kpi(after, KPI_SUPPLIERS) == str(count(db, companies.a.company_id))
    assert int(kpi(after, KPI_SUPPLIERS)) > companies.a_suppliers
    assert len(after[MIX]["data"][0]["x"]) == 3  # a third upload in the tier mix
    assert kpi(beta, KPI_SUPPLIERS) == str(companies.b_suppliers)
