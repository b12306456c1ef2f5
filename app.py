"""Composition root: `flask --app app run`, `gunicorn "app:create_app()"`."""

from supplychain.web.app import create_app

__all__ = ["create_app"]
