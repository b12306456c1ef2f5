"""Evidence attachments: type decided by content against an allow-list, size-limited, hashed,
stored under generated names, and handed back only to the same company.

Allowed: PDF, PNG, JPEG, Office Open XML workbooks and documents (xlsx/docx, after the zip-bomb
pre-scan, macros refused), and plain UTF-8 text (csv/txt). The user's file name is a label only.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
import zipfile
from pathlib import Path, PureWindowsPath
from typing import Final

from sqlalchemy import event
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.models import Attachment, User
from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import MB, Limits
from supplychain.ingest.zipscan import prescan
from supplychain.services import audit
from supplychain.services.errors import ServiceError
from supplychain.services.remediation.common import owned

MAX_ATTACHMENT_BYTES: Final = 10 * MB
TYPES: Final[dict[str, tuple[str, frozenset[str]]]] = {  # kind -> (content type, extensions)
    "pdf": ("application/pdf", frozenset({"pdf"})),
    "png": ("image/png", frozenset({"png"})),
    "jpeg": ("image/jpeg", frozenset({"jpg", "jpeg"})),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({"xlsx"}),
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({"docx"}),
    ),
    "text": ("text/plain; charset=utf-8", frozenset({"txt", "csv"})),
}
ALLOWED_NAMES: Final = "PDF, PNG, JPEG, .xlsx, .docx, .csv or .txt"
_MAGIC: Final = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
)
_OFFICE_MAIN: Final = {"xl/workbook.xml": "xlsx", "word/document.xml": "docx"}
_MARKUP: Final = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")


def detect(path: Path, name: str, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The kind of file at ``path`` (a key of TYPES); ServiceError naming the problem if refused."""
    size = path.stat().st_size
    if size == 0:
        raise ServiceError(f"{name}: the file is empty; attach the evidence file again.")
    if size > max_bytes:
        raise ServiceError(
            f"{name}: the file is {size / MB:.1f} MB, over the {max_bytes / MB:.0f} MB limit."
        )
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = next((k for magic, k in _MAGIC if head.startswith(magic)), None)
    if kind == "zip":
        kind = _office_kind(path, name)
    elif kind is None:
        kind = _text_kind(path, head, name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES[kind][1]:
        raise ServiceError(
            f"{name}: the content is {kind.upper()} but the name ends in .{ext or '(nothing)'}; "
            f"rename it to .{sorted(TYPES[kind][1])[0]}."
        )
    return kind


def _office_kind(path: Path, name: str) -> str:
    try:
        prescan(path, name, Limits(max_bytes=MAX_ATTACHMENT_BYTES, max_uncompressed=100 * MB))
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except FileRejected as exc:
        raise ServiceError(exc.reason) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ServiceError(f"{name}: the file is damaged; attach it again.") from exc
    kinds = [k for part, k in _OFFICE_MAIN.items() if part in names]
    if "[Content_Types].xml" not in names or len(kinds) != 1:
        raise ServiceError(
            f"{name}: this is a ZIP archive, not an Office document; attach {ALLOWED_NAMES}."
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ServiceError(f"{name}: documents with macros are not accepted; save without them.")
    return kinds[0]


def _text_kind(path: Path, head: bytes, name: str) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(
            f"{name}: this file type is not accepted; attach {ALLOWED_NAMES} (text as UTF-8)."
        ) from exc
    if "\x00" in text or head.lstrip().lower().startswith(_MARKUP):
        raise ServiceError(f"{name}: this file type is not accepted; attach {ALLOWED_NAMES}.")
    return "text"


def store(
    session: Session,
    settings: Settings,
    company_id: int,
    actor: User | None,
    source: Path,
    file_name: str,
    *,
    finding_id: int | None,
    action_id: int | None = None,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> Attachment:
    """Check and keep a copy of ``source``; the caller has checked the finding/action's company."""
    label = _label(file_name)
    kind = detect(source, label, max_bytes)
    folder = attachments_dir(settings) / str(company_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4().hex}.bin"
    _remove_on_rollback(session, stored)
    shutil.copyfile(source, stored)
    with stored.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    attachment = Attachment(
        company_id=company_id,
        finding_id=finding_id,
        action_id=action_id,
        file_name=label,
        content_type=TYPES[kind][0],
        sha256=digest,
        size_bytes=stored.stat().st_size,
        stored_path=str(stored),
        uploaded_by_id=actor.id if actor else None,
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session,
        company_id,
        actor or "system",
        "attachment.added",
        "attachment",
        attachment.id,
        {
            "finding_id": finding_id,
            "action_id": action_id,
            "file_name": label,
            "sha256": digest,
            "bytes": attachment.size_bytes,
            "content_type": attachment.content_type,
        },
    )
    return attachment


_PENDING: Final = "remediation.attachments.pending"


def _remove_on_rollback(session: Session, path: Path) -> None:
    """Delete ``path`` if the caller's transaction rolls back (the attachment row goes with it),
    so a change refused after the file was stored leaves no file behind."""
    session.info.setdefault(_PENDING, []).append(path)
    if not event.contains(session, "after_rollback", _discard_pending):
        event.listen(session, "after_rollback", _discard_pending)
        event.listen(session, "after_commit", _keep_pending)


def _discard_pending(session: Session) -> None:
    for path in session.info.pop(_PENDING, []):
        path.unlink(missing_ok=True)


def _keep_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def get(session: Session, company_id: int, attachment_id: int) -> Attachment:
    return owned(session, Attachment, company_id, attachment_id, "attachment")


def attachments_dir(settings: Settings) -> Path:
    return settings.instance_dir / "attachments"


def download_name(attachment: Attachment) -> str:
    """A safe name for Content-Disposition: the label with an extension matching the content."""
    exts = next(e for ct, e in TYPES.values() if ct == attachment.content_type)
    base = attachment.file_name.replace('"', "").replace("\r", "").replace("\n", "")
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    return base if ext in exts else f"{base}.{sorted(exts)[0]}"


def _label(file_name: str) -> str:
    """The person's file name without any folder part or control characters (display only)."""
    printable = "".join(ch for ch in file_name or "" if ch.isprintable())
    return PureWindowsPath(printable).name[:255] or "attachment"
