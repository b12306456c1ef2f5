"""Dash dashboards mounted on the Flask server under /dash/.

``init_app`` builds a fresh set of Dash apps for each Flask app (the test suite creates many in
one process), puts the login/company/role gate in front of every ``/dash/`` route, and adds the
``dashboards.overview_redirect`` page the site's navigation links to.
"""

from __future__ import annotations

from flask import Flask

from dashboards import guard, nav, shell
from dashboards.explorer import callbacks as explorer_callbacks
from dashboards.explorer import layout as explorer
from dashboards.overview import callbacks as overview_callbacks
from dashboards.overview import layout as overview
from dashboards.remediation import callbacks as remediation_callbacks
from dashboards.remediation import layout as remediation

DASHBOARDS = (
    (overview, overview_callbacks),
    (explorer, explorer_callbacks),
    (remediation, remediation_callbacks),
)


def init_app(app: Flask) -> None:
    """Mount every dashboard on ``app`` (each guarded by login, company and role)."""
    guard.install(app)
    app.register_blueprint(nav.bp)
    for layout, callbacks in DASHBOARDS:
        shell.mount(app, layout.NAME, layout.TITLE, layout.layout, callbacks.register_callbacks)
