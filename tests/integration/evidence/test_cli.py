"""`supplychain evidence build` and `supplychain evidence verify` on both databases."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from supplychain.cli import main
from supplychain.config import Settings
from tests.integration.evidence.conftest import EVIDENCE_KEY, generated_workbook


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args), catch_exceptions=False)


def test_build_then_verify_intact_altered_and_unreadable(
    settings: Settings, tmp_path: Path
) -> None:
    cli = CliRunner(
        env={
            "DATABASE_URL": settings.database_url,
            "SUPPLYCHAIN_INSTANCE_DIR": str(settings.instance_dir),
            "SUPPLYCHAIN_UPLOAD_DIR": str(settings.upload_dir),
            "SUPPLYCHAIN_EVIDENCE_KEY": EVIDENCE_KEY,
            "REDIS_URL": "",
        }
    )
    assert run(cli, "company", "add", "Acme Apparel").exit_code == 0
    source = generated_workbook(tmp_path, 12, seed=5)
    assert run(cli, "import", str(source), "--company", "Acme Apparel").exit_code in (0, 1)
    out = tmp_path / "packs" / "acme.zip"
    built = run(
        cli,
        "evidence",
        "build",
        "--company",
        "acme apparel",
        "--from",
        "2026-01-01",
        "--out",
        str(out),
    )
    assert built.exit_code == 0, built.output
    assert f"written to {out}" in built.output and out.is_file()
    key = tmp_path / "key.txt"
    key.write_text(EVIDENCE_KEY + "\n", encoding="utf-8")

    intact = run(cli, "evidence", "verify", str(out), "--key", str(key))
    assert intact.exit_code == 0 and "INTACT" in intact.output
    assert "HMAC matches" in intact.output
    check_head_as_the_readme_says(cli, out)

    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(altered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(
                item, data.replace(b"Acme", b"Acne") if item.filename == "README.txt" else data
            )
    changed = run(cli, "evidence", "verify", str(altered))
    assert changed.exit_code == 1 and "README.txt was altered" in changed.output

    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 but not really")
    assert run(cli, "evidence", "verify", str(junk)).exit_code == 2
    assert run(cli, "evidence", "verify", str(tmp_path / "none.zip")).exit_code == 2
    assert run(cli, "evidence", "verify", str(out), "--key", str(tmp_path / "no")).exit_code == 2

    missing = run(cli, "evidence", "build", "--company", "Nope", "--out", str(out))
    assert missing.exit_code == 1 and "No company named 'Nope'" in missing.output
    foreign = run(
        cli,
        "evidence",
        "build",
        "--company",
        "Acme Apparel",
        "--supplier",
        "999999",
        "--out",
        str(tmp_path / "x.zip"),
    )
    assert foreign.exit_code == 1 and "No supplier 999999" in foreign.output


def check_head_as_the_readme_says(cli: CliRunner, pack: Path) -> None:
    """The README's command, run on the live system later, prints the pack's chain head."""
    with zipfile.ZipFile(pack) as zf:
        chain = json.loads(zf.read("manifest.json"))["audit_chain"]
        readme = zf.read("README.txt").decode()
    command = f"supplychain audit verify --company NAME --entry {chain['head_seq']}"
    assert command in readme and chain["head_hash"] in readme
    run(cli, "company", "add", "Later Activity Ltd")  # another company's trail moves on
    args = command.split()[1:]
    args[args.index("NAME")] = "Acme Apparel"
    shown = run(cli, *args)
    assert shown.exit_code == 0, shown.output
    assert f"Entry {chain['head_seq']} has the hash {chain['head_hash']}" in shown.output
    beyond = run(cli, "audit", "verify", "--company", "Acme Apparel", "--entry", "99999")
    assert beyond.exit_code == 2 and "the trail has" in beyond.output
