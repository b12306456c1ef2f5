"""The remediation view's callbacks against the remediation tables, for two companies."""

from __future__ import annotations

import io
import zipfile

from flask import Flask
from sqlalchemy import select

from dashboards.export import to_csv, to_xlsx
from dashboards.remediation.callbacks import export_tables, refresh
from supplychain.db.engine import Database
from supplychain.db.models import Supplier
from tests.integration.dashboards.conftest import Companies, acting_as, as_json

OPEN, OVERDUE, CLOSED, WORKERS, REPAID, STATUS, AGEING, OWNERS, INDICATORS, REMEDY = range(10)
NO_FILTERS = (None, None, None, None)


def value(out: list, index: int) -> str:
    return out[index][0].children


def test_each_company_sees_only_its_own_actions_and_remedy(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["executive"]):
        mine = refresh(*NO_FILTERS)
    with acting_as(app, db, companies.b.emails["compliance"]):
        theirs = refresh(*NO_FILTERS)
    assert [value(mine, i) for i in (OPEN, OVERDUE, CLOSED, WORKERS)] == ["1", "1", "1", "42"]
    assert value(mine, REPAID) == "USD 7.0k" and mine[REPAID][1].children == "of USD 21.0k owed"
    owners = mine[OWNERS]["data"][1]  # the overdue bars
    assert list(owners["y"]) == ["=cmd|' /C calc'!A0"] and list(owners["x"]) == [1]
    by_indicator = {
        t["name"]: dict(zip(t["y"], t["x"], strict=True)) for t in mine[INDICATORS]["data"]
    }
    assert by_indicator["open findings"]["Debt bondage"] == 1
    assert by_indicator["open findings"]["Deception"] == 0
    assert [value(theirs, i) for i in (OPEN, OVERDUE, CLOSED, WORKERS)] == ["0", "0", "0", "0"]
    assert "No corrective actions" in as_json(theirs[STATUS])
    assert "Passports" not in as_json(theirs) and "calc" not in as_json(theirs)


def test_supplier_filters_apply_to_actions(app: Flask, db: Database, companies: Companies) -> None:
    with db.reading() as s:
        country = s.scalar(
            select(Supplier.country).where(Supplier.id == companies.a_remediation["supplier_id"])
        )
        other = s.scalar(
            select(Supplier.country).where(
                Supplier.company_id == companies.a.company_id, Supplier.country != country
            )
        )
    with acting_as(app, db, companies.a.emails["auditor"]):
        there = refresh([country], None, None, None)
        elsewhere = refresh([other], None, None, None)
        tampered = refresh(["NO"], None, None, None)  # Beta's country: not an Acme option
    assert value(there, OPEN) == "1" and value(elsewhere, OPEN) == "0"
    assert value(tampered, OPEN) == "1"


def test_export_of_remediation_is_formula_safe(
    app: Flask, db: Database, companies: Companies
) -> None:
    with acting_as(app, db, companies.a.emails["compliance"]):
        tables = export_tables(*NO_FILTERS)
    assert [t for t, _ in tables] == [
        "Actions by status",
        "Open actions by age",
        "Open actions by owner",
        "Findings by ILO indicator",
        "Worker remedy",
    ]
    book = zipfile.ZipFile(io.BytesIO(to_xlsx(tables)))
    xml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "'=cmd|' /C calc'!A0" in xml
    csv_text = to_csv(tables).decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text and "\n=cmd" not in csv_text
    assert "Retention of identity documents" in csv_text
