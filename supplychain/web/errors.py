"""Error pages and JSON errors: a reference id, never internals."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from supplychain.services.errors import ServiceError
from supplychain.web.extensions import request_id, settings

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood.",
    401: "Please sign in.",
    403: "Your role does not allow this.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The file is too large for this server's upload limit.",
    429: "Too many attempts; wait a minute and try again.",
    503: "The service is busy; try again shortly.",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(Exception, _unexpected)


def respond(status: int, message: str, headers: dict[str, str] | None = None) -> Any:
    """An error answer: JSON ``{"error", "reference"}`` under /api/, an HTML page elsewhere."""
    if request.path.startswith("/api/"):
        if status == 401:
            headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="supplychain"'}
        return {"error": message, "reference": request_id()}, status, headers or {}
    page = render_template("error.html", status=status, message=message, reference=request_id())
    return page, status, headers or {}


def _csrf_error(exc: CSRFError) -> Any:
    return respond(400, "The form expired or was not sent from this site; reload and retry.")


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    if status == 413:
        limit = settings().max_upload_bytes / (1024 * 1024)
        return respond(
            413,
            f"The upload is too large (this server's limit is {limit:g} MB) or has too many parts.",
        )
    return respond(status, MESSAGES.get(status, exc.name), _kept_headers(exc))


def _kept_headers(exc: HTTPException) -> dict[str, str]:
    """Headers an HTTP error must keep, such as ``Allow`` on 405 and ``Retry-After`` on 429."""
    keep = ("Allow", "Retry-After")
    return {k: v for k, v in exc.get_headers() if k in keep}


def _service_error(exc: ServiceError) -> Any:
    headers = {"Retry-After": "30"} if exc.status == 503 else None
    return respond(exc.status, exc.message, headers)


def _unexpected(exc: Exception) -> Any:
    log.exception("unhandled error, reference %s", request_id())
    return respond(500, "Something went wrong on our side. Quote the reference to support.")
