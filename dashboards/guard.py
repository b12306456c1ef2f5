"""The gate in front of every Dash route, and the company every callback works for.

One ``before_request`` covers everything under ``/dash/``: pages, ``_dash-*`` callback and
layout endpoints, component bundles and assets. It runs before every other hook (CSRF included),
so an anonymous caller gets a redirect to the login page (pages) or a JSON 401 (everything else)
whatever else is wrong with the request. The capability comes from the ``access`` mark on the
matched view, which the access-matrix test reads too.

Dash's renderer sends the ``_csrf_token`` cookie back as the ``X-CSRFToken`` header on its
requests; Flask-WTF checks that header on the POST to ``_dash-update-component``, exactly as it
checks forms. The cookie holds the same signed token as ``<meta name="csrf-token">``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from dash.exceptions import PreventUpdate
from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from supplychain.web.extensions import settings

PREFIX = "/dash/"
CSRF_COOKIE = "_csrf_token"
DEFAULT_CAPABILITY = "read"


def install(app: Flask) -> None:
    """Put the gate first in the request hooks and hand pages their CSRF cookie."""
    app.before_request_funcs.setdefault(None, []).insert(0, gate)
    app.after_request(_csrf_cookie)


def gate() -> Any:
    """Login, then the role's capability, for every request under ``/dash/``."""
    if not request.path.startswith(PREFIX):
        return None
    if not current_user.is_authenticated:
        if _is_page():
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return _json_error(401, "Please sign in.")
    view = current_app.view_functions.get(request.endpoint or "")
    if not current_user.can(getattr(view, "access", DEFAULT_CAPABILITY)):
        return _json_error(403, "Your role does not allow this.")
    return None


def mark_views(server: Flask, prefix: str, capability: str) -> None:
    """Give every view of one Dash app the ``access`` mark (a thin wrapper: Dash's views are
    bound methods, which take no attributes)."""
    for rule in list(server.url_map.iter_rules()):
        if rule.rule.startswith(prefix):
            view = server.view_functions[rule.endpoint]
            server.view_functions[rule.endpoint] = _marked(view, capability)


def signed_in() -> bool:
    """True inside a request of a signed-in user (Dash also builds layouts outside requests)."""
    return has_request_context() and bool(current_user) and current_user.is_authenticated


def company_id() -> int:
    """The signed-in user's company: the only company a callback may read."""
    if not signed_in():
        raise PreventUpdate
    return int(current_user.company_id)


def _marked(view: Callable[..., Any], capability: str) -> Callable[..., Any]:
    @wraps(view)
    def marked(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    marked.access = capability  # type: ignore[attr-defined]
    return marked


def _is_page() -> bool:
    """A page is a GET of the Dash index (or a path below it), not a ``_dash-*`` endpoint."""
    tail = request.path[len(PREFIX) :].split("/")[1:]
    return request.method == "GET" and not any(p.startswith("_") or p == "assets" for p in tail)


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _csrf_cookie(response: Response) -> Response:
    """The signed CSRF token as a cookie Dash's renderer can read (path-limited to /dash/)."""
    if (
        request.path.startswith(PREFIX)
        and response.mimetype == "text/html"
        and response.status_code == 200
        and current_user.is_authenticated
    ):
        response.set_cookie(
            CSRF_COOKIE,
            generate_csrf(),
            path=PREFIX,
            samesite="Strict",
            secure=settings().production,
            httponly=False,  # the renderer must read it; it is not a credential on its own
        )
    return response
