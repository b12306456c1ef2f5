"""Every blueprint of the web app, registered in one place (add a line for a new one)."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from supplychain.web import (
        admin,
        audit_results,
        audit_trail,
        auth,
        evidence,
        main,
        remediation,
        suppliers,
        uploads,
    )
    from supplychain.web.api.routes import register_api

    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    for bp in (uploads.bp, suppliers.bp, admin.bp, audit_trail.bp, evidence.bp, remediation.bp):
        app.register_blueprint(bp)
    app.register_blueprint(audit_results.bp)
    register_api(app)
