"""Headers in six languages, country spellings, sectors, goods and audit vocabularies, each read
from a generated file."""

from __future__ import annotations

import pytest

from supplychain.ingest.pipeline import read_upload

HEADERS = {
    "en": ["Vendor Name", "Country", "Vendor No.", "Province", "Tier", "Audit Result"],
    "de": ["Lieferantenname", "Land", "Lieferantennummer", "Bundesland", "Stufe", "Auditergebnis"],
    "fr": [
        "Nom du fournisseur",
        "Pays",
        "Code fournisseur",
        "Région",
        "Niveau",
        "Résultat d'audit",
    ],
    "es": [
        "Nombre del proveedor",
        "País",
        "Código de proveedor",
        "Provincia",
        "Nivel",
        "Resultado",
    ],
    "pt": ["Nome do fornecedor", "País", "Código do fornecedor", "Estado", "Nível", "Resultado"],
    "zh": ["供应商名称", "国家", "供应商编号", "省份", "层级", "审核结果"],
}
FIELDS = ["supplier_name", "country", "supplier_id", "region", "tier", "audit_result"]


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_headers_in_six_languages(text_file, language):
    header = ",".join(HEADERS[language])
    result = read_upload(text_file(f"{header}\nAcme,Viet Nam,0042,Hanoi,1,passed\n".encode()))
    assert [c.field for c in result.columns] == FIELDS
    assert result.errors == []
    row = result.frame.iloc[0]
    assert (row["supplier_id"], row["country"], row["tier"], row["audit_result"]) == (
        "0042",
        "VN",
        1,
        "passed",
    )


COUNTRIES = {
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Côte d'Ivoire": "CI",
    "Viet Nam": "VN",
    "Vietnam ": "VN",
    "Türkiye": "TR",
    "Turkey": "TR",
    "USA": "US",
    "UK": "GB",
    "Korea": "KR",
    "Brasil": "BR",
    "Deutschland": "DE",
    "bd": "BD",
    "CHN": "CN",
}


def test_country_spellings_become_iso_codes(text_file):
    body = "".join(f'S{i},"{name}"\n' for i, name in enumerate(COUNTRIES))
    result = read_upload(text_file(f"Supplier name,Country\n{body}".encode()))
    assert result.errors == []
    assert list(result.frame["country"]) == list(COUNTRIES.values())


def test_unknown_country_gets_a_suggestion(text_file):
    result = read_upload(text_file(b"Supplier name,Country\nAcme,Bangladseh\n"))
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (2, "B", "Bangladseh")
    assert error.message == "unknown country; did you mean Bangladesh?"


def test_sectors_goods_and_audit_vocabularies(text_file):
    data = (
        "Supplier name,Country,Sector,Goods,Audit result,Audit standard\n"
        "A,VN,Apparel,cotton; garments,Pass,SMETA\n"
        "B,GH,agriculture,cacao,conditional,amfori BSCI\n"
        "C,CN,Electronics,Polysilicon,failed,SA8000\n"
        "D,TR,Spaceships,,maybe,ISO 9001\n"
    )
    result = read_upload(text_file(data.encode()))
    assert {(e.row, e.column) for e in result.errors} == {(5, "C"), (5, "E")}
    frame = result.frame
    assert list(frame["sector"]) == ["apparel_textiles", "agriculture", "electronics"]
    goods = [tuple(g) for g in frame["goods"]]
    assert goods == [("Cotton", "Garments"), ("Cocoa",), ("Polysilicon",)]
    assert list(frame["audit_result"]) == ["passed", "conditional", "failed"]
    assert list(frame["audit_standard"]) == ["SMETA", "amfori BSCI", "SA8000"]


def test_tier_forms(text_file):
    values = ["1", "Tier 2", "T3", "2nd", "3rd tier", "direct", "2.5", "0", "x"]
    body = "".join(f"S{i},VN,{tier}\n" for i, tier in enumerate(values))
    result = read_upload(text_file(f"Supplier name,Country,Tier\n{body}".encode()))
    assert list(result.frame["tier"]) == [1, 2, 3, 2, 3, 1]
    errors = {e.value: e.message for e in result.errors}
    assert set(errors) == {"2.5", "0", "x"}
    assert errors["x"].startswith("expected a tier number: 1 for a direct supplier")
    assert errors["0"] == "tier must be 1 or more"


def test_audit_names_as_written_in_reports(text_file):
    data = (
        "Supplier name,Country,Audit result,Audit standard\n"
        "A,VN,Passed with conditions,SMETA 4-pillar\n"
        "B,VN,PASS,Sedex SMETA 6.1 audit\n"
        "C,VN,Failed,ISO 9001\n"
    )
    result = read_upload(text_file(data.encode()))
    assert result.errors == []
    assert list(result.frame["audit_result"]) == ["conditional", "passed", "failed"]
    assert list(result.frame["audit_standard"]) == ["SMETA", "SMETA", "other"]
    assert [(w.row, w.message) for w in result.warnings] == [
        (3, "audit standard 'Sedex SMETA 6.1 audit' read as SMETA"),
        (4, "audit standard 'ISO 9001' recorded as 'other'"),
    ]
