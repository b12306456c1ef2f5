"""The installed libraries are at least the versions that fixed the security problems
RELIABILITY.md names, and openpyxl parses XML through defusedxml."""

from __future__ import annotations

from importlib.metadata import version

import openpyxl
import pytest
from packaging.version import Version

FLOORS = {
    "dash": "2.15",  # callback and asset-path fixes
    "werkzeug": "3.0.3",  # debugger and multipart fixes
    "flask-wtf": "1.2",
    "defusedxml": "0.7.1",
}


@pytest.mark.parametrize(("package", "floor"), sorted(FLOORS.items()))
def test_installed_version_is_at_least_the_floor(package: str, floor: str) -> None:
    assert Version(version(package)) >= Version(floor)


def test_openpyxl_reads_xml_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True
