"""Receiving a file: store it under a generated name, once per company and content."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supplychain.db.engine import Database
from supplychain.db.models import ColumnMappingPreset, Upload, User
from supplychain.ingest.csv_reader import detect_encoding, preview_words
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import Limits
from supplychain.ingest.sniff import sniff
from supplychain.services import audit
from supplychain.services.errors import NotFound, ServiceError

CHUNK = 1024 * 1024
STORED_FILES = "uploads.stored_files"  # session.info key: copies to remove if it rolls back
CONFIRMABLE_ENCODINGS: Final = ("cp1252",)  # what a person may confirm after seeing the preview


class EncodingUnconfirmed(ServiceError):
    """A text file that reads only as Windows-1252, sent without confirming that encoding;
    ``preview`` holds some of its words as that encoding reads them."""

    status = 422

    def __init__(self, file_name: str, preview: list[str], how_to_confirm: str) -> None:
        super().__init__(
            f"{file_name}: the file is not UTF-8; read as Windows-1252 its words include "
            f"{', '.join(preview)}. If these read right, {how_to_confirm}; otherwise save it "
            "from Excel as 'CSV UTF-8' and use that file."
        )
        self.file_name, self.preview = file_name, preview


@dataclass(frozen=True)
class EncodingCheck:
    """Refuse, before anything is stored, a CSV file that is not UTF-8 but reads as
    Windows-1252, unless ``confirmed`` names that encoding. A file the intake rejects anyway
    passes here: its import is rejected with the intake's reason."""

    max_bytes: int
    confirmed: str | None
    how_to_confirm: str  # e.g. "run again with `--encoding cp1252`"

    def __call__(self, source: Path, file_name: str) -> None:
        try:
            if sniff(source, file_name, Limits(max_bytes=self.max_bytes)) != "csv":
                return
            encoding, warning = detect_encoding(source, file_name)
        except FileRejected:
            return
        if encoding in CONFIRMABLE_ENCODINGS and encoding != self.confirmed:
            raise EncodingUnconfirmed(file_name, preview_words(warning), self.how_to_confirm)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def register(
    session: Session,
    company_id: int,
    user: User | None,
    source: Path,
    file_name: str,
    upload_dir: Path,
    *,
    sheet: str | None = None,
    strict: bool = False,
    status: str = "queued",
) -> tuple[Upload, bool]:
    """Store a copy of ``source`` and its Upload row; the same content again returns the
    existing upload (created = False). The user's file name is kept as a label only."""
    digest = sha256_of(source)
    existing = session.scalar(
        select(Upload).where(Upload.company_id == company_id, Upload.sha256 == digest)
    )
    if existing is not None:
        return existing, False
    stored = _copy(session, source, upload_dir / str(company_id))
    upload = Upload(
        company_id=company_id,
        file_name=_label(file_name),
        sha256=digest,
        stored_path=str(stored),
        size_bytes=stored.stat().st_size,
        uploaded_by_id=user.id if user else None,
        sheet=sheet,
        strict=strict,
        status=status,
    )
    session.add(upload)
    session.flush()
    audit.record(
        session,
        company_id,
        user or "cli",
        "upload.received",
        "upload",
        upload.id,
        {"file_name": upload.file_name, "sha256": digest, "bytes": upload.size_bytes},
    )
    return upload, True


def receive(
    db: Database,
    company_id: int,
    user_id: int | None,
    source: Path,
    file_name: str,
    upload_dir: Path,
    encoding_check: EncodingCheck | None = None,
    **options: Any,
) -> tuple[Upload, bool]:
    """:func:`register` in a transaction of its own, after ``encoding_check`` if given. The
    same content sent twice at once (a double click) makes one upload: the loser of the race
    on the (company, sha256) uniqueness finds the winner's upload on its second try."""
    if encoding_check is not None:
        encoding_check(source, file_name)

    def attempt() -> tuple[Upload, bool]:
        with db.transaction() as s:
            user = s.get(User, user_id) if user_id else None
            return register(s, company_id, user, source, file_name, upload_dir, **options)

    try:
        return attempt()
    except IntegrityError:  # lost the race: the winner's upload is committed now
        return attempt()


def change_options(
    db: Database, company_id: int, user_id: int, upload_id: int, sheet: str | None, strict: bool
) -> None:
    """A file sent again before its import may name another sheet or validation policy."""
    with db.transaction() as s:
        upload = get(s, company_id, upload_id)
        if (upload.sheet, upload.strict) == (sheet, strict):
            return
        upload.sheet, upload.strict = sheet, strict
        options = {"sheet": sheet, "strict": strict}
        user = s.get(User, user_id)
        audit.record(s, company_id, user, "upload.options_changed", "upload", upload_id, options)


def _copy(session: Session, source: Path, directory: Path) -> Path:
    """Copy the file under a generated name; the copy goes again if the session rolls back."""
    directory.mkdir(parents=True, exist_ok=True)
    stored = directory / f"{uuid.uuid4().hex}.upload"
    session.info.setdefault(STORED_FILES, []).append(stored)
    shutil.copyfile(source, stored)
    return stored


@event.listens_for(Session, "after_commit")
def _keep_copies(session: Session) -> None:
    session.info.pop(STORED_FILES, None)


@event.listens_for(Session, "after_rollback")
def _remove_copies(session: Session) -> None:
    for path in session.info.pop(STORED_FILES, []):
        path.unlink(missing_ok=True)


def get(session: Session, company_id: int, upload_id: int) -> Upload:
    upload = session.get(Upload, upload_id)
    if upload is None or upload.company_id != company_id:
        raise NotFound(f"No upload {upload_id}.")
    return upload


def saved_mapping(session: Session, company_id: int, fingerprint: str) -> dict[str, Any] | None:
    preset = session.scalar(
        select(ColumnMappingPreset).where(
            ColumnMappingPreset.company_id == company_id,
            ColumnMappingPreset.header_fingerprint == fingerprint,
        )
    )
    return preset.mapping if preset else None


def save_mapping(
    session: Session, company_id: int, user: User | None, fingerprint: str, mapping: dict[str, Any]
) -> None:
    """Remember a confirmed mapping for the next file with the same headers."""
    preset = session.scalar(
        select(ColumnMappingPreset).where(
            ColumnMappingPreset.company_id == company_id,
            ColumnMappingPreset.header_fingerprint == fingerprint,
        )
    )
    if preset is None:
        preset = ColumnMappingPreset(
            company_id=company_id, header_fingerprint=fingerprint, mapping=mapping
        )
        session.add(preset)
    preset.mapping, preset.saved_by_id = mapping, user.id if user else None
    audit.record(
        session,
        company_id,
        user,
        "mapping.saved",
        "column_mapping",
        fingerprint[:16],
        {"mapping": mapping},
    )


def _label(file_name: str) -> str:
    """The name a person gave the file, for display only: no path, no control characters."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"
