"""Staging the files of a pack, its manifest, and the deterministic zip.

Entries are written in sorted order with the pack's generation time as their timestamp and fixed
permissions, streamed from disk, so the same files at the same time always give the same zip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from supplychain.evidence.verify import (
    HMAC_ALGORITHM,
    MANIFEST,
    PACK_FORMAT,
    manifest_bytes,
    signature,
)
from supplychain.evidence.workbook import utc_naive

CHUNK = 1 << 20
ZIP_EPOCH = datetime(1980, 1, 1)


def sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass
class Staging:
    """A folder holding the pack's files under their entry names."""

    root: Path
    entries: dict[str, Path] = field(default_factory=dict)

    def path(self, entry: str) -> Path:
        """Where to write ``entry`` (a generated name); registers it."""
        if entry.startswith("/") or ".." in entry.split("/") or entry == MANIFEST:
            raise ValueError(f"bad pack entry name {entry!r}")
        target = self.root.joinpath(*entry.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.entries[entry] = target
        return target

    def discard(self, entry: str) -> None:
        """Forget ``entry`` and delete what was written for it."""
        target = self.entries.pop(entry, None)
        if target is not None:
            target.unlink(missing_ok=True)

    def write_text(self, entry: str, text: str) -> None:
        self.path(entry).write_text(text, encoding="utf-8", newline="\n")

    def copy(self, entry: str, source: Path) -> None:
        shutil.copyfile(source, self.path(entry))

    def listing(self) -> Iterator[dict[str, Any]]:
        for entry in sorted(self.entries):
            digest, size = sha256_file(self.entries[entry])
            yield {"path": entry, "sha256": digest, "bytes": size}


def make_manifest(staging: Staging, fields: dict[str, Any], key: bytes | None) -> dict[str, Any]:
    """The manifest: pack facts, the listing of every file, and the HMAC when a key is given."""
    manifest = {**fields, "format": PACK_FORMAT, "files": list(staging.listing()), "hmac": None}
    if key:
        manifest["hmac"] = {"algorithm": HMAC_ALGORITHM, "value": signature(manifest, key)}
    return manifest


def write_zip(staging: Staging, manifest: dict[str, Any], out: Path, when: datetime) -> None:
    """Write the pack to ``out`` atomically (a temporary name, then a rename)."""
    stamp = max(utc_naive(when), ZIP_EPOCH).timetuple()[:6]
    partial = out.with_name(out.name + ".part")
    try:
        _write_entries(staging, manifest, partial, stamp)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, out)


def _write_entries(
    staging: Staging, manifest: dict[str, Any], target: Path, stamp: tuple[int, ...]
) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for entry in sorted([*staging.entries, MANIFEST]):
            info = _info(entry, stamp)
            if entry == MANIFEST:
                zf.writestr(info, manifest_bytes(manifest))
                continue
            source = staging.entries[entry]
            info.file_size = source.stat().st_size
            with source.open("rb") as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, CHUNK)


def _info(entry: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(entry, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info
