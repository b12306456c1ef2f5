"""The rule-set and reference files behind the scores: copied into the pack and re-checked.

Each assessment records the SHA-256 of every file its rule set read (``file_hashes``), and the
platform keeps those files' bytes when they score. The pack ships the kept bytes; for a file
scored before bytes were kept, it copies the server's current file and says whether it matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supplychain.evidence.archive import Staging, sha256_file

MATCHES = "matches"
CHANGED = "CHANGED since scoring: this copy is not the file that was used"
GONE = "missing: the file is no longer on the server"
_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}){0,4}$")


@dataclass(frozen=True)
class RuleFile:
    """One file a rule set read, as recorded when scoring, and where it is now."""

    relpath: str
    recorded_sha256: str
    source: Path | None
    rulesets: tuple[str, ...] = ()
    edition: Mapping[str, Any] | None = None
    kept: bytes | None = None
    """The file's bytes as kept when it scored, if they were."""


@dataclass
class StagedRules:
    rows: list[dict[str, Any]] = field(default_factory=list)
    manifest: list[dict[str, Any]] = field(default_factory=list)
    rulesets: list[str] = field(default_factory=list)


def entry_for(relpath: str, sha256: str) -> str:
    """The pack entry for a rules file: its own relative path when plain, else a hash name."""
    path = relpath.replace("store:", "store/", 1)
    if _SAFE.match(path) and ".." not in path:
        return f"rules/{path}"
    return f"rules/files/{sha256[:16]}"


def stage_rule_files(staging: Staging, files: Sequence[RuleFile], notes: list[str]) -> StagedRules:
    out = StagedRules()
    for f in sorted(files, key=lambda f: (f.relpath, f.recorded_sha256)):
        entry = entry_for(f.relpath, f.recorded_sha256)
        current = _stage(staging, entry, f)
        status = GONE if current is None else MATCHES if current == f.recorded_sha256 else CHANGED
        if status != MATCHES:
            notes.append(f"Reference file {f.relpath}: {status}.")
        out.rows.append(_row(f, entry if current else None, current, status))
        out.manifest.append(
            {
                "file": f.relpath,
                "path": entry if current else None,
                "recorded_sha256": f.recorded_sha256,
                "current_sha256": current,
                "matches": status == MATCHES,
            }
        )
        out.rulesets.extend(r for r in f.rulesets if r not in out.rulesets)
    return out


def _stage(staging: Staging, entry: str, f: RuleFile) -> str | None:
    if entry not in staging.entries:
        if f.kept is not None:
            staging.path(entry).write_bytes(f.kept)
        elif f.source is not None and f.source.is_file():
            staging.copy(entry, f.source)
        else:
            return None
    return sha256_file(staging.entries[entry])[0]


def _row(f: RuleFile, entry: str | None, current: str | None, status: str) -> dict[str, Any]:
    edition = dict(f.edition or {})
    return {
        **edition,
        "rulesets": ", ".join(f.rulesets),
        "path": entry or f.relpath,
        "recorded_sha256": f.recorded_sha256,
        "current_sha256": current,
        "status": status,
        "caveats": " | ".join(edition.get("caveats") or ()),
    }
