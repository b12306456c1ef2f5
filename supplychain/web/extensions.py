"""Flask extensions, created unbound and attached in create_app (no side effects at import)."""

from __future__ import annotations

from flask import current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from supplychain.config import Settings
from supplychain.db.engine import Database
from supplychain.services.jobs import JobRunner

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def signed_in_user_key() -> str:
    """Rate-limit key of the signed-in user (for limits per person, not per address)."""
    return f"user:{current_user.id}"


def database() -> Database:
    return current_app.extensions["supplychain.db"]


def settings() -> Settings:
    return current_app.extensions["supplychain.settings"]


def runner() -> JobRunner:
    return current_app.extensions["supplychain.runner"]


def request_id() -> str:
    return getattr(g, "request_id", "-")
