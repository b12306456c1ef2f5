"""Small helpers every remediation service uses: company-scoped lookups and text checks."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from supplychain.services.errors import NotFound, ServiceError


class Owned(Protocol):
    company_id: int


T = TypeVar("T", bound=Owned)


def owned(
    session: Session,
    model: type[T],
    company_id: int,
    object_id: int,
    label: str,
    *,
    lock: bool = False,
) -> T:
    """The object if it exists and belongs to the company; otherwise the same 404 either way.

    ``lock``: read it FOR UPDATE, so a change checked against its current state (a status move,
    a repayment against what is owed) waits for anyone changing it at the same moment."""
    found = session.get(model, object_id, with_for_update=lock, populate_existing=lock)
    if found is None or found.company_id != company_id:
        raise NotFound(f"No {label} {object_id}.")
    return found


def text_field(value: Any, label: str, limit: int, *, required: bool = False) -> str:
    """Trimmed text within ``limit`` characters (required: not empty)."""
    text = str(value or "").strip()
    if required and not text:
        raise ServiceError(f"The {label} is required.")
    if len(text) > limit:
        raise ServiceError(f"The {label} is {len(text)} characters long; the limit is {limit}.")
    return text


def choice(value: Any, allowed: tuple[str, ...], label: str) -> str:
    """One of ``allowed`` (case-insensitive)."""
    text = str(value or "").strip().lower()
    if text not in allowed:
        raise ServiceError(f"The {label} {value!r} is not one of: {', '.join(allowed)}.")
    return text
