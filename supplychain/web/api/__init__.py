"""The REST API under /api/v1: bearer tokens only (no cookies, so no CSRF), JSON errors.

Endpoint modules add their routes to ``bp`` and their OpenAPI paths with ``openapi.path``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, g, request

from supplychain.db.models import ApiToken
from supplychain.services import accounts
from supplychain.web.auth import SignedInUser, signed_in
from supplychain.web.extensions import csrf, database

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
F = TypeVar("F", bound=Callable[..., Any])


def api_user() -> SignedInUser:
    return g.api_user


def api_require(capability: str) -> Callable[[F], F]:
    """A valid bearer token (401 otherwise) whose user's role allows the capability (403)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = _bearer_user()
            if user is None:
                abort(401)
            if not user.can(capability):
                abort(403)
            g.api_user = user
            return view(*args, **kwargs)

        wrapper.access = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _bearer_user() -> SignedInUser | None:
    scheme, _, clear = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not clear.strip():
        return None
    found = accounts.bearer_user(database(), clear.strip())
    return signed_in(*found) if found else None


__all__ = ["ApiToken", "api_require", "api_user", "bp"]
