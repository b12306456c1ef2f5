"""A file sent with a request (browser form or API), kept in a temporary file only as long as
it takes to hash and store it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage

from supplychain.db.models import Upload
from supplychain.services import uploads
from supplychain.web.extensions import database, settings


@contextmanager
def saved(sent: FileStorage) -> Iterator[Path]:
    """The request's file as a temporary file under the upload directory."""
    incoming = settings().upload_dir / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=incoming, suffix=".part") as tmp:
        sent.save(tmp)
        tmp.flush()
        yield Path(tmp.name)


def receive(
    sent: FileStorage, company_id: int, user_id: int, **options: Any
) -> tuple[Upload, bool]:
    """Store a supplier list once per company and content (see ``uploads.receive``)."""
    with saved(sent) as path:
        name, upload_dir = sent.filename or "upload", settings().upload_dir
        return uploads.receive(database(), company_id, user_id, path, name, upload_dir, **options)
