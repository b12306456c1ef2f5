"""The audit hash chain, in the standard library only (the offline verifier ships this file).

Each entry's hash is SHA-256 over the previous hash and the canonical JSON of the entry:
keys sorted, no insignificant white space, UTF-8 (close to RFC 8785 for the values we store:
strings, integers and nested objects).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64
CHAIN_FIELDS = (
    "company_id",
    "seq",
    "actor",
    "action",
    "object_type",
    "object_id",
    "occurred_at",
    "details",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    body = {name: entry[name] for name in CHAIN_FIELDS}
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


def first_break(entries: Iterable[Mapping[str, Any]]) -> str | None:
    """Walk a chain in order; return a sentence naming the first broken entry, or None."""
    prev, expected_seq = GENESIS, 1
    for entry in entries:
        seq = entry.get("seq")
        if seq != expected_seq:
            return f"audit entry {expected_seq} is missing or out of order (found seq {seq})"
        if entry.get("prev_hash") != prev:
            return f"audit entry {seq} does not point to the hash of entry {seq - 1}"
        if entry_hash(prev, entry) != entry.get("hash"):
            return f"audit entry {seq} was altered (its hash does not match its content)"
        prev, expected_seq = entry["hash"], expected_seq + 1
    return None
