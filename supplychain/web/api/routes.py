"""Collects the API endpoint modules onto the blueprint (each import adds its routes)."""

from __future__ import annotations

from flask import Flask

from supplychain.web.api import (  # noqa: F401  (routes)
    bp,
    entity_decisions,
    evidence,
    findings,
    openapi,
    rulesets,
    suppliers,
    uploads,
)


def register_api(app: Flask) -> None:
    app.url_map.converters["id"] = openapi.IdConverter
    app.register_blueprint(bp)
