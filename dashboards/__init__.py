"""Dash dashboards mounted on the Flask server under /dash/."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount every dashboard on ``app`` (each guarded by login, company and role)."""
