"""Every real published supplier list is accepted and every country is normalised."""

from __future__ import annotations

from pathlib import Path

import pytest

from supplychain.ingest.pipeline import read_upload

FILES = sorted(
    p
    for p in (Path(__file__).parents[1] / "resources" / "real-supplier-lists").iterdir()
    if p.suffix in {".csv", ".xls", ".xlsx"}
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_list(path: Path) -> None:
    result = read_upload(path)
    assert result.rows > 0
    country_errors = [e for e in result.errors if e.header == "country"]
    assert country_errors == []
    assert result.errors == []
    assert result.frame["country"].str.fullmatch(r"[A-Z]{2}").all()
