"""Check an evidence pack offline, with the Python standard library only.

    python verify_pack.py PACK.zip [--key KEY_FILE]

Exit status: 0 the pack is intact, 1 it was altered (the message names the first broken item),
2 it cannot be read as an evidence pack. The pack ships this module, joined with the audit-chain
module, as ``verify_pack.py``; ``supplychain evidence verify`` calls the same ``verify_pack``.

Checks, in order: manifest.json is valid and exactly as the writer produced it; the zip holds the
listed files and nothing else; every file has the SHA-256 the manifest gives; the audit trail is
an unbroken hash chain ending at the manifest's chain head; every original upload has the SHA-256
recorded for it in the audit trail; and, when a key is given, the manifest's HMAC.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import json
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supplychain.evidence.chain import canonical_json, first_break

PACK_FORMAT = "supplychain-evidence-pack/1"
MANIFEST = "manifest.json"
AUDIT_TRAIL = "audit/audit_trail.jsonl"
INTACT, ALTERED, UNREADABLE = 0, 1, 2
HMAC_ALGORITHM = "HMAC-SHA256"
_CHUNK = 1 << 20
# What reading a damaged zip raises: a bad header or CRC, a broken deflate stream, a compression
# method changed to one that does not exist, a truncated file.
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError)


class Altered(Exception):
    """The pack was changed after it was written; the message names the first broken item."""


class Unreadable(Exception):
    """The file is not an evidence pack that can be read."""


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str
    notes: tuple[str, ...] = field(default=())


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The one byte form of a manifest: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def signature(manifest: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 over the canonical JSON of the manifest without its ``hmac`` field."""
    body = {k: v for k, v in manifest.items() if k != "hmac"}
    return hmac.new(key, canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


def verify_pack(path: str | Path, key: bytes | None = None) -> Outcome:
    """Check one pack; never raises for a bad pack (the outcome says what is wrong)."""
    try:
        archive = zipfile.ZipFile(path)
    except _DAMAGED as exc:
        return Outcome(UNREADABLE, f"{path} cannot be read as a zip file ({exc}).")
    with archive:
        try:
            return _check(archive, key)
        except Altered as exc:
            return Outcome(ALTERED, f"ALTERED: {exc}")
        except Unreadable as exc:
            return Outcome(UNREADABLE, f"UNREADABLE: {exc}")


def _check(archive: zipfile.ZipFile, key: bytes | None) -> Outcome:
    manifest = _manifest(archive)
    files = _listed_files(manifest)
    _same_entries(archive, files)
    for name, expected in files.items():
        _check_file(archive, name, expected)
    trail = _check_chain(archive, manifest)
    _check_uploads(manifest, files, trail.received)
    notes = _check_hmac(manifest, key)
    head = manifest["audit_chain"]["head_hash"]
    return Outcome(
        INTACT,
        f"INTACT: {len(files)} files match manifest.json; the audit trail of {trail.count} "
        f"entries is an unbroken chain ending at {head}.",
        notes,
    )


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except _DAMAGED as exc:
        raise Altered(f"{name} is damaged inside the zip ({exc})") from exc


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    if MANIFEST not in archive.namelist():
        raise Unreadable("there is no manifest.json: this is not an evidence pack")
    raw = _read(archive, MANIFEST)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Altered(f"{MANIFEST} is no longer valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise Altered(f"{MANIFEST} does not name the pack format {PACK_FORMAT!r}")
    if manifest_bytes(manifest) != raw:
        raise Altered(f"{MANIFEST} was edited: it is not byte for byte what the pack writer made")
    return manifest


def _listed_files(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    try:
        files = {f["path"]: f for f in manifest["files"]}
        valid = all(
            isinstance(path, str) and isinstance(f["sha256"], str) and _is_int(f["bytes"])
            for path, f in files.items()
        )
        chain = manifest["audit_chain"]
        valid = valid and isinstance(chain["head_hash"], str) and _is_int(chain["entries"])
    except (KeyError, TypeError) as exc:
        raise Altered(f"{MANIFEST} lacks a required field ({exc})") from exc
    if not valid or len(files) != len(manifest["files"]):
        raise Altered(f"{MANIFEST} has a malformed file list")
    return files


def _is_int(value: Any) -> bool:
    return type(value) is int


def _mapping(value: Any, what: str) -> dict[str, Any]:
    """``value`` when it is a JSON object; a pack whose structure was edited is altered."""
    if not isinstance(value, dict):
        raise Altered(f"{what} is not what the pack writer made (a JSON object was expected)")
    return value


def _same_entries(archive: zipfile.ZipFile, files: dict[str, dict[str, Any]]) -> None:
    # Empty folder entries hold nothing; zip tools add them when a pack is extracted and zipped
    # again, which changes no file.
    names = [i.filename for i in archive.infolist() if not (i.is_dir() and i.file_size == 0)]
    if len(names) != len(set(names)):
        raise Altered("the zip holds two entries with the same name")
    present = set(names) - {MANIFEST}
    if missing := sorted(set(files) - present):
        raise Altered(f"{missing[0]} is listed in {MANIFEST} but missing from the pack")
    if extra := sorted(present - set(files)):
        raise Altered(f"{extra[0]} is in the pack but not listed in {MANIFEST}")


def _check_file(archive: zipfile.ZipFile, name: str, expected: dict[str, Any]) -> None:
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except _DAMAGED as exc:
        raise Altered(f"{name} is damaged inside the zip ({exc})") from exc
    if digest.hexdigest() != expected["sha256"] or size != expected["bytes"]:
        raise Altered(f"{name} was altered: its SHA-256 does not match {MANIFEST}")


@dataclass
class _Trail:
    """What the check keeps of the audit trail while streaming it, never the whole trail: its
    length, last hash, and the SHA-256 each upload was received with."""

    company_id: Any
    count: int = 0
    last: str = "0" * 64
    received: dict[str, Any] = field(default_factory=dict)

    def entries(self, archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
        """The entries in order; each is noted once the chain check has accepted it."""
        for number, line in enumerate(_lines(archive), start=1):
            entry = _entry(number, line)
            yield entry
            if entry.get("company_id") != self.company_id:
                raise Altered(f"{AUDIT_TRAIL} holds entries of another company")
            if entry.get("action") == "upload.received":
                details = _mapping(entry.get("details"), f"{AUDIT_TRAIL}: entry {entry['seq']}")
                self.received[str(entry.get("object_id"))] = details.get("sha256")
            self.count, self.last = self.count + 1, entry["hash"]


def _entry(number: int, line: str) -> dict[str, Any]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Altered(f"{AUDIT_TRAIL} line {number} is not valid JSON") from exc
    if not isinstance(entry, dict):
        raise Altered(f"{AUDIT_TRAIL} line {number} is not an audit entry")
    return entry


def _lines(archive: zipfile.ZipFile) -> Iterator[str]:
    if AUDIT_TRAIL not in archive.namelist():
        raise Altered(f"{AUDIT_TRAIL} is missing")
    try:
        with archive.open(AUDIT_TRAIL) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
            for line in text:
                if line.rstrip("\n"):
                    yield line
    except _DAMAGED as exc:
        raise Altered(f"{AUDIT_TRAIL} is damaged inside the zip ({exc})") from exc


def _check_chain(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> _Trail:
    company = _mapping(manifest.get("company"), f"{MANIFEST}: company")
    trail = _Trail(company.get("id"))
    try:
        problem = first_break(trail.entries(archive))
    except (KeyError, TypeError) as exc:
        raise Altered(f"{AUDIT_TRAIL}: an entry lacks the field {exc}") from exc
    if problem:
        raise Altered(f"{AUDIT_TRAIL}: {problem}")
    chain = manifest["audit_chain"]
    if (trail.count, trail.last) != (chain["entries"], chain["head_hash"]):
        raise Altered(
            f"{AUDIT_TRAIL} ends at entry {trail.count} ({trail.last[:12]}...), but {MANIFEST} "
            f"gives the chain head as entry {chain['entries']} ({chain['head_hash'][:12]}...)"
        )
    return trail


def _check_uploads(
    manifest: dict[str, Any], files: dict[str, dict[str, Any]], received: dict[str, Any]
) -> None:
    uploads = manifest.get("uploads", [])
    if not isinstance(uploads, list):
        raise Altered(f"{MANIFEST}: the list of uploads is malformed")
    for record in uploads:
        upload = _mapping(record, f"{MANIFEST}: an upload record")
        name, original = upload.get("path"), upload.get("original_sha256")
        if name is not None and not isinstance(name, str):
            raise Altered(f"{MANIFEST}: upload {upload.get('upload_id')} has a malformed path")
        if str(upload.get("upload_id")) not in received:
            raise Altered(f"no audit entry records the receipt of upload {upload.get('upload_id')}")
        if received[str(upload.get("upload_id"))] != original:
            raise Altered(f"{name}: the audit trail records another SHA-256 for this upload")
        copied = name is not None and not upload.get("data_only_copy")
        if copied and (name not in files or files[name]["sha256"] != original):
            raise Altered(f"{name} is not the file that was uploaded (SHA-256 differs)")


def _check_hmac(manifest: dict[str, Any], key: bytes | None) -> tuple[str, ...]:
    stored = manifest.get("hmac")
    if key is None:
        if stored:
            return ("The manifest carries an HMAC; give the key (--key FILE) to check it.",)
        return ("The manifest carries no HMAC (the server had no evidence key).",)
    if not isinstance(stored, dict) or not isinstance(stored.get("value"), str):
        raise Altered(f"{MANIFEST} carries no HMAC, but a key was given")
    if stored.get("algorithm") != HMAC_ALGORITHM:
        raise Altered(
            f"{MANIFEST}: the HMAC is not marked {HMAC_ALGORITHM}, as the writer marks it"
        )
    if not hmac.compare_digest(stored["value"], signature(manifest, key)):
        raise Altered(
            f"{MANIFEST}: the HMAC does not match (the manifest changed or the key is wrong)"
        )
    return ("The manifest's HMAC matches the key.",)


def read_key(path: str | Path) -> bytes:
    """The key as stored in a file (surrounding white space ignored)."""
    return Path(path).read_bytes().strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a supplychain evidence pack offline.")
    parser.add_argument("pack", help="the evidence pack (.zip)")
    parser.add_argument("--key", help="file holding the HMAC key the company gave you")
    args = parser.parse_args(argv)
    try:
        key = read_key(args.key) if args.key else None
    except OSError as exc:
        print(f"UNREADABLE: cannot read the key file {args.key} ({exc}).", file=sys.stderr)
        return UNREADABLE
    outcome = verify_pack(args.pack, key)
    stream = sys.stdout if outcome.status == INTACT else sys.stderr
    print(outcome.message, file=stream)
    for note in outcome.notes:
        print(note, file=stream)
    return outcome.status


if __name__ == "__main__":
    sys.exit(main())
