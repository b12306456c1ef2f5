"""Duplicate warnings: every repeat of a supplier ID, or of a name in one country, points at the
first row of its group; groups in order of first appearance, rows in order within a group."""

from __future__ import annotations

from supplychain.ingest.pipeline import read_upload
from tests.unit.ingest.conftest import HEADER


def test_repeats_point_at_the_first_row_of_their_group(xlsx) -> None:
    path = xlsx(
        [
            HEADER,
            ["Beta", "Ghana", "B-2", 10, None],  # row 2
            ["Alpha", "Bangladesh", "A-1", 10, None],  # row 3
            ["Alpha", "Bangladesh", None, 10, None],  # row 4: same name and country as row 3
            ["Alpha 2", "Bangladesh", "A-1", 10, None],  # row 5: same ID as row 3
            ["Beta", "Ghana", "B-2", 10, None],  # row 6: same ID and name as row 2
            ["Alpha", "Viet Nam", "A-1", 10, None],  # row 7: same ID as row 3, other country
        ]
    )
    result = read_upload(path)
    found = [(w.row, w.column, w.value, w.message) for w in result.warnings]
    assert found == [
        (6, "C", "B-2", "duplicate of row 2 (same supplier_id)"),
        (5, "C", "A-1", "duplicate of row 3 (same supplier_id)"),
        (7, "C", "A-1", "duplicate of row 3 (same supplier_id)"),
        (6, "A", "Beta", "duplicate of row 2 (same supplier_name and country)"),
        (4, "A", "Alpha", "duplicate of row 3 (same supplier_name and country)"),
    ]
    assert result.invalid_rows == []
    capped = result.report(limit=2)
    assert [w["row"] for w in capped["warnings"]] == [6, 5]
    assert capped["summary"]["warnings"] == 5
