"""The Flask application factory: it only composes."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from flask import Flask, g, request

from supplychain.config import ConfigError, Settings, load_settings
from supplychain.db.engine import Database
from supplychain.db.migrate import require_current
from supplychain.services.jobs import JobContext, JobRunner
from supplychain.web import errors, main
from supplychain.web.blueprints import register_blueprints
from supplychain.web.extensions import csrf, limiter, login_manager


def build_app(settings: Settings | None = None, *, runner: JobRunner | None = None) -> Flask:
    settings = settings or load_settings()
    if settings.production and not settings.secret_key:
        raise ConfigError("SECRET_KEY must be set in production.")
    app = _Flask(__name__)
    app.refuse_debug = settings.production
    app.config.update(_flask_config(settings))
    if settings.production and app.debug:
        raise ConfigError("Refusing to start in debug mode with SUPPLYCHAIN_ENV=production.")
    db = Database(settings.database_url)
    require_current(db.engine)
    app.extensions["supplychain.settings"] = settings
    app.extensions["supplychain.db"] = db
    app.extensions["supplychain.runner"] = runner or _default_runner(settings, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    limiter.init_app(app)
    register_blueprints(app)
    errors.init_app(app)
    app.before_request(_assign_request_id)
    app.context_processor(main.template_globals)
    app.after_request(_security_headers)
    logging.basicConfig(level=logging.INFO)
    return app


class _Flask(Flask):
    """Refuses debug mode (the Werkzeug debugger) in production however it is asked for:
    ``flask run --debug``, ``FLASK_DEBUG=1 flask run`` or ``app.run(debug=True)``."""

    refuse_debug = False

    @Flask.debug.setter  # type: ignore[attr-defined, untyped-decorator]
    def debug(self, value: bool) -> None:
        if value and self.refuse_debug:
            raise ConfigError("Refusing to start in debug mode with SUPPLYCHAIN_ENV=production.")
        Flask.debug.fset(self, value)  # type: ignore[attr-defined]


def _flask_config(settings: Settings) -> dict[str, Any]:
    return {
        "SECRET_KEY": settings.secret_key,
        "MAX_CONTENT_LENGTH": settings.max_upload_bytes,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "MAX_FORM_PARTS": 100,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.production,
        "SESSION_COOKIE_NAME": "__Host-session" if settings.production else "session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": settings.production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "RATELIMIT_HEADERS_ENABLED": True,
        "DEBUG": False,
    }


def _default_runner(settings: Settings, db: Database) -> JobRunner:
    if settings.redis_url:
        from supplychain.tasks.rq_runner import RQRunner

        return RQRunner(settings)
    from supplychain.tasks.inprocess import InProcessRunner

    return InProcessRunner(JobContext(db, settings))


def _assign_request_id() -> None:
    g.request_id = uuid.uuid4().hex[:12]


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-eval' 'unsafe-inline'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def _security_headers(response: Any) -> Any:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
