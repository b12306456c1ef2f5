"""SYNTHETIC supplier lists for demos and tests: invented companies, ERP-shaped columns.

The API lives in :mod:`sample_data.generate`; it is re-exported here lazily so that
``python -m sample_data.generate`` does not import the module twice.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["generate_suppliers", "write_csv", "write_xlsx"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("sample_data.generate"), name)
    raise AttributeError(f"module 'sample_data' has no attribute {name!r}")
