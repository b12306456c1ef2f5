"""Locations of the reference data kept in ``risk_rules/`` and a cached YAML/CSV loader."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parents[2] / "risk_rules"
TAXONOMY: Final = ROOT / "taxonomy"
REFERENCE: Final = ROOT / "reference"


@cache
def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load_csv(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(row for row in fh if not row.startswith("#")))
