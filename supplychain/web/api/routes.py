"""Collects the API endpoint modules onto the blueprint (each import adds its routes)."""

from __future__ import annotations

from flask import Flask

from supplychain.web.api import bp, evidence, findings  # noqa: F401  (routes)


def register_api(app: Flask) -> None:
    app.register_blueprint(bp)
