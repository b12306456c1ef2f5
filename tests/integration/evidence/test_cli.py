"""`supplychain evidence build` and `supplychain evidence verify` on both databases."""

from __future__ import annotations

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
