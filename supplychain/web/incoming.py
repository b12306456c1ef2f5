"""A file sent with a request (browser form or API), stored through the uploads service."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage

from supplychain.db.models import Upload
from supplychain.services import uploads
from supplychain.web.extensions import database, settings


def receive(
    sent: FileStorage, company_id: int, user_id: int, **options: Any
) -> tuple[Upload, bool]:
    """Keep the body in a temporary file only as long as it takes to hash and store it."""
    incoming = settings().upload_dir / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=incoming, suffix=".part") as tmp:
        sent.save(tmp)
        tmp.flush()
        name = sent.filename or "upload"
        upload_dir = settings().upload_dir
        return uploads.receive(
            database(), company_id, user_id, Path(tmp.name), name, upload_dir, **options
        )
