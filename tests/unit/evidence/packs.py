"""Small evidence packs built from plain data (no database), and ways to tamper with them."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from supplychain.config import PROJECT_ROOT
from supplychain.evidence.chain import GENESIS, entry_hash
from supplychain.evidence.crosswalk import load_crosswalk
from supplychain.evidence.pack import PackData, PackInfo, PackResult, build_pack
from supplychain.evidence.rules_files import RuleFile
from supplychain.evidence.uploads import UploadSource
from supplychain.evidence.verify import MANIFEST, manifest_bytes

RULES = PROJECT_ROOT / "risk_rules"
KEY = b"test evidence key"
WHEN = datetime(2026, 3, 31, 12, 0, 0, tzinfo=UTC)
COMPANY = 7


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_chain(uploads: Mapping[int, str], extra: int = 20) -> list[dict[str, Any]]:
    """A valid hash chain: one upload.received entry per upload, then ``extra`` other entries."""
    raw: list[tuple[str, str, str | None, dict[str, Any]]] = [
        ("upload.received", "upload", str(uid), {"sha256": digest, "file_name": "x.csv"})
        for uid, digest in uploads.items()
    ]
    raw += [("finding.created", "finding", str(i), {"note": f"entry {i}"}) for i in range(extra)]
    entries, prev = [], GENESIS
    for seq, (action, kind, object_id, details) in enumerate(raw, start=1):
        entry = {
            "company_id": COMPANY,
            "seq": seq,
            "actor": "officer@example.com",
            "action": action,
            "object_type": kind,
            "object_id": object_id,
            "occurred_at": f"2026-03-{1 + seq % 28:02d}T10:00:00Z",
            "details": details,
            "prev_hash": prev,
        }
        entry["hash"] = entry_hash(prev, entry)
        entries.append(entry)
        prev = entry["hash"]
    return entries


def supplier_rows(names: list[str]) -> Iterator[dict[str, Any]]:
    tiers = ("low", "medium", "high", "critical", None)
    for i, name in enumerate(names, start=1):
        yield {
            "supplier_id": i,
            "supplier_ref": f"S-{i:04d}",
            "name": name,
            "country": "CN" if i % 2 else "BD",
            "supply_chain_tier": 1 + i % 3,
            "score": -1.5 if i == 1 else 10.0 * i,
            "tier": tiers[i % len(tiers)],
            "assessed_at": WHEN,
            "as_of": date(2026, 3, 1),
        }


def hit_rows(names: list[str]) -> Iterator[dict[str, Any]]:
    for i, name in enumerate(names, start=1):
        yield {
            "supplier_id": i,
            "supplier_name": name,
            "rule": "region.xinjiang" if i % 2 else "sector.unknown",
            "points": 12.5,
            "reason": name,
            "source": f"{name} source",
            "detail": {"entity": name},
        }


def make_data(tmp: Path, names: list[str] | None = None, **changes: Any) -> PackData:
    """Pack data with two uploads (a CSV and an xlsx), rows, findings and a real rules file."""
    names = names or [f"Supplier {i}" for i in range(1, 31)]
    tmp.mkdir(parents=True, exist_ok=True)
    csv_file = tmp / "list.csv"
    csv_file.write_bytes(
        b"Supplier Name,Country\n" + b"".join(f"{n.replace(',', ' ')},CN\n".encode() for n in names)
    )
    other = tmp / "second.csv"
    other.write_bytes(b"Supplier Name,Country\nSecond Ltd,DE\n")
    uploads = {
        1: UploadSource(1, sha256(csv_file.read_bytes()), csv_file, "list.csv", "csv"),
        2: UploadSource(2, sha256(other.read_bytes()), other, "second.csv", "csv"),
    }
    ruleset = RULES / "rulesets" / "default.yaml"
    info = PackInfo(COMPANY, "Acme Apparel", WHEN, WHEN, "auditor@acme.example", 3)
    data = PackData(
        info=info,
        crosswalk=load_crosswalk(RULES / "crosswalk.yaml"),
        suppliers=supplier_rows(names),
        hits=hit_rows(names),
        findings=[{"finding_id": 1, "supplier_id": 1, "title": names[0], "source_type": "audit"}],
        actions=[{"action_id": 1, "finding_id": 1, "title": "Repay fees", "status": "open"}],
        action_history=[{"action_id": 1, "at": WHEN, "kind": "created", "to_status": "open"}],
        remedy=[{"remedy_id": 1, "finding_id": 1, "amount_owed": 100, "currency": "USD"}],
        uploads=list(uploads.values()),
        audit=audit_chain({k: v.sha256 for k, v in uploads.items()}),
        rule_files=[
            RuleFile("rulesets/default.yaml", sha256(ruleset.read_bytes()), ruleset, ("default@1",))
        ],
        documents=[("rules/crosswalk.yaml", RULES / "crosswalk.yaml")],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def build(
    tmp: Path, out_name: str = "pack.zip", key: bytes | None = KEY, **changes: Any
) -> tuple[Path, PackResult]:
    work = tmp / f"in-{out_name}"
    work.mkdir(exist_ok=True)
    out = tmp / out_name
    return out, build_pack(make_data(work, **changes), out, key=key)


def members(pack: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pack) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rewrite(pack: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Copy a pack with its members changed by ``change`` (entry order kept)."""
    files = members(pack)
    change(files)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out


def reseal(files: dict[str, bytes], name: str) -> None:
    """What an attacker without the key can do: fix the manifest's hash of ``name``."""
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["sha256"], entry["bytes"] = sha256(files[name]), len(files[name])
    files[MANIFEST] = manifest_bytes(manifest)
