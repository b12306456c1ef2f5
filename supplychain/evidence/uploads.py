"""Original uploads in a pack: copied under generated names, or replaced by a data-only copy.

The stored file must still have the SHA-256 recorded when it was received; a workbook with macros
is never shipped (RELIABILITY #15): its cell values go into a new xlsx instead, and the Uploads
sheet and the manifest say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from supplychain.evidence.archive import Staging, sha256_file
from supplychain.evidence.dataonly import CannotRegenerate, has_macros, regenerate
from supplychain.ingest.limits import Limits

SAFE_EXTENSIONS = frozenset({"xlsx", "xls", "ods", "csv", "tsv", "txt"})
MACRO_EXTENSIONS = frozenset({"xlsm", "xlsb", "xltm"})


@dataclass(frozen=True)
class UploadSource:
    upload_id: int
    sha256: str
    path: Path | None
    file_name: str
    fmt: str | None = None
    row: Mapping[str, Any] = field(default_factory=dict)


def extension(source: UploadSource) -> str:
    """The entry's extension: the format intake detected, else the name's, if on the allow-list."""
    named = source.file_name.rsplit(".", 1)[-1].lower() if "." in source.file_name else ""
    for candidate in (source.fmt or "", named):
        if candidate in SAFE_EXTENSIONS | MACRO_EXTENSIONS:
            return candidate
    return "bin"


def stage_upload(
    staging: Staging, source: UploadSource, created: datetime, limits: Limits, notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Stage one upload; return its Uploads-sheet row and its manifest record."""
    entry, data_only, note = _stage(staging, source, created, limits)
    if note:
        notes.append(f"Upload {source.upload_id}: {note}")
    row = {**source.row, "upload_id": source.upload_id, "sha256": source.sha256}
    row |= {"file_name": source.file_name, "entry": entry or "not included", "note": note}
    record = {
        "upload_id": source.upload_id,
        "path": entry,
        "original_sha256": source.sha256,
        "data_only_copy": data_only,
    }
    return row, record


def _stage(
    staging: Staging, source: UploadSource, created: datetime, limits: Limits
) -> tuple[str | None, bool, str]:
    path = source.path
    if path is None or not path.is_file():
        return None, False, "the stored file is no longer on the server; not included"
    if sha256_file(path)[0] != source.sha256:
        return (
            None,
            False,
            (
                "the stored file no longer has the SHA-256 recorded when it was received; "
                "not included"
            ),
        )
    ext = extension(source)
    if ext in MACRO_EXTENSIONS or has_macros(path):
        return _data_only(staging, source, path, created, limits)
    entry = f"uploads/{source.upload_id}.{ext}"
    staging.copy(entry, path)
    return entry, False, ""


def _data_only(
    staging: Staging, source: UploadSource, path: Path, created: datetime, limits: Limits
) -> tuple[str | None, bool, str]:
    entry = f"uploads/{source.upload_id}.data-only.xlsx"
    try:
        done = regenerate(path, staging.path(entry), created, limits)
    except CannotRegenerate as exc:
        staging.discard(entry)
        return (
            None,
            True,
            (
                f"the workbook contained macros and its data could not be read safely ({exc}); "
                "not included"
            ),
        )
    return (
        entry,
        True,
        (
            f"the workbook contained macros; a data-only copy of its {done.sheets} sheet(s) is "
            "included instead of the original (the SHA-256 is the original's)"
        ),
    )
