from __future__ import annotations

import pytest

from supplychain.domain.safe_cell import safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-2+3", "@SUM(1)", "\tx", "\rx", "\nx", "|x", "%x", "  =cmd|' /C calc'!A0"],
)
def test_triggers_prefixed(text):
    assert safe_cell(text).startswith("'")


def test_plain_and_numbers_unchanged():
    assert safe_cell("Acme") == "Acme"
    assert safe_cell(-5) == -5
    assert safe_cell("a\x00b") == "ab"
