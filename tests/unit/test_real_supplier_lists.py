"""Every real published supplier list is accepted and every country is normalised, read directly
and through `supplychain validate` as a user would run it."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.ingest.pipeline import read_upload

LISTS = Path(__file__).parents[1] / "resources" / "real-supplier-lists"
FILES = sorted(p for p in LISTS.iterdir() if p.suffix in {".csv", ".xls", ".xlsx"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_list(path: Path) -> None:
    result = read_upload(path)
    assert result.rows > 0
    country_errors = [e for e in result.errors if e.header == "country"]
    assert country_errors == []
    assert result.errors == []
    assert result.frame["country"].str.fullmatch(r"[A-Z]{2}").all()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_list_through_the_cli(path: Path, tmp_path: Path) -> None:
    cli = CliRunner(env={"SUPPLYCHAIN_INSTANCE_DIR": str(tmp_path), "SUPPLYCHAIN_ENV": None})
    run = cli.invoke(main, ["validate", str(path), "--json"], catch_exceptions=False)
    assert run.exit_code in (0, 1), run.output
    report = json.loads(run.output)
    assert "rejected" not in report
    country = {c["column"] for c in report["columns"] if c["field"] == "country"}
    assert len(country) == 1  # a country column was recognised ...
    assert not [e for e in report["errors"] if e["column"] in country]  # ... and all of it read
    assert report["summary"]["rows"] == report["summary"]["valid"] + report["summary"]["invalid"]


def test_every_real_list_has_its_source_and_licence_noted() -> None:
    source = (LISTS / "SOURCE.md").read_text(encoding="utf-8")
    table = [line for line in source.splitlines() if line.startswith("| `")]
    patterns = {p: line for line in table for p in re.findall(r"`([^`/]+)`", line)}
    for path in FILES:
        noted = [line for p, line in patterns.items() if fnmatch(path.name, p)]
        assert noted, f"{path.name} is not listed in SOURCE.md"
        assert "licence" in noted[0] and "opensupplyhub/open-supply-hub" in noted[0]
