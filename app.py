"""Composition root: the Flask app with the Dash dashboards mounted on it.

`supplychain serve`, `flask --app app run` and `gunicorn "app:create_app()"` all start here.
"""

from __future__ import annotations

from flask import Flask

import dashboards
from supplychain.config import Settings
from supplychain.services.jobs import JobRunner
from supplychain.web.app import build_app


def create_app(settings: Settings | None = None, *, runner: JobRunner | None = None) -> Flask:
    app = build_app(settings, runner=runner)
    dashboards.init_app(app)
    return app
