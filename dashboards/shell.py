"""Build one Dash app on the Flask server: prefix, assets, layout, callbacks, access marks.

Each call makes a new ``Dash`` bound to the given Flask app, with its callbacks registered on that
instance (``app.callback``), so many Flask apps can live in one process (the test suite makes
many). Nothing uses Dash's process-wide registries: no ``dash.callback``, no pages, no hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dash import Dash
from flask import Flask

from dashboards import guard

ASSETS = Path(__file__).resolve().parent / "assets"


def mount(
    server: Flask,
    name: str,
    title: str,
    layout: Callable[[], Any],
    register_callbacks: Callable[[Dash], None],
    *,
    capability: str = "read",
) -> Dash:
    """Mount a dashboard at ``/dash/<name>/``; every one of its routes needs ``capability``."""
    prefix = f"{guard.PREFIX}{name}/"
    app = Dash(
        name=f"dashboards.{name}",
        server=server,
        url_base_pathname=prefix,
        assets_folder=str(ASSETS),
        external_stylesheets=[f"{server.static_url_path}/app.css"],
        title=f"{title} · supplychain",
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=False,
    )
    app.layout = layout
    register_callbacks(app)
    guard.mark_views(server, prefix, capability)
    return app


def topojson_url(name: str) -> str:
    """Where dashboard ``name`` serves the map's country shapes (no CDN: see assets/topojson)."""
    return f"{guard.PREFIX}{name}/assets/topojson/"
