"""`supplychain entity decide` and `entity list` on a real database (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.integration.test_cli import cli, company, run, write_csv  # noqa: F401 (fixtures)
from tests.integration.test_entity_decisions import CAMEL, SHIPPED_EDITION


def test_decide_from_the_command_line(cli: CliRunner, company: str, tmp_path: Path) -> None:  # noqa: F811
    data = write_csv(
        tmp_path / "s.csv",
        "Supplier ID,Supplier name,Country\nEL-001,Camel Group Co. Ltd,China\n",
    )
    assert run(cli, "import", str(data), "--company", company).exit_code == 0
    args = ["entity", "decide", "--company", company, "--supplier", "EL-001", "--entity", CAMEL]
    no_reason = run(cli, *args, "--status", "dismissed", "--by", "officer@acme.example")
    assert no_reason.exit_code == 1 and "Give a reason" in no_reason.output
    stranger = run(cli, *args, "--status", "confirmed", "--by", "nobody@acme.example")
    assert stranger.exit_code == 1 and "No user" in stranger.output
    unknown = run(
        cli, *args[:5], "EL-404", *args[6:], "--status", "confirmed", "--by", "officer@acme.example"
    )
    assert unknown.exit_code == 1 and "No supplier 'EL-404'" in unknown.output
    done = run(
        cli,
        *args,
        "--status",
        "dismissed",
        "--reason",
        "Other firm",
        "--by",
        "officer@acme.example",
    )
    assert done.exit_code == 0, done.output
    assert f"edition {SHIPPED_EDITION}) dismissed by officer@acme.example" in done.output
    assert "(was critical)" in done.output and ", critical (was" not in done.output
    listed = run(cli, "entity", "list", "--company", company)
    (item,) = json.loads(listed.output)
    assert (item["entity"], item["status"], item["reason"]) == (CAMEL, "dismissed", "Other firm")
