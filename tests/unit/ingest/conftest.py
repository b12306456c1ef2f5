"""Helpers that build upload files inside each test."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

HEADER = ["Supplier name", "Country", "Supplier ID", "Workers", "Audit date"]


@pytest.fixture
def xlsx(tmp_path: Path):
    """Write rows to an xlsx with openpyxl and return its path."""

    def make(rows: list[list], name: str = "up.xlsx", title: str = "Suppliers") -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for row in rows:
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    return make


@pytest.fixture
def text_file(tmp_path: Path):
    def make(data: bytes, name: str = "up.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make
