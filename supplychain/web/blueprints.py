"""Every blueprint of the web app, registered in one place (add a line for a new one)."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from supplychain.web import auth, main
    from supplychain.web.api.routes import register_api

    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    register_api(app)
