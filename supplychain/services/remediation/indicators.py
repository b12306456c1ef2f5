"""The 11 ILO forced-labour indicators, read from the dated reference list in risk_rules/."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from supplychain.ingest.audits import indicator_table, parse_indicators
from supplychain.services.errors import ServiceError

REFERENCE_FILE: Final = Path("reference") / "ilo_forced_labour_indicators.csv"


@dataclass(frozen=True)
class Indicator:
    id: int
    name: str
    description: str
    source: str


@cache
def load(rules_dir: Path) -> tuple[Indicator, ...]:
    """The indicators in id order (cached per rules directory)."""
    with (rules_dir / REFERENCE_FILE).open(encoding="utf-8", newline="") as fh:
        rows = [
            Indicator(int(r["indicator_id"]), r["indicator"], r["short_description"], r["source"])
            for r in csv.DictReader(fh)
        ]
    return tuple(sorted(rows, key=lambda i: i.id))


def by_id(rules_dir: Path) -> dict[int, Indicator]:
    return {i.id: i for i in load(rules_dir)}


@cache
def lookup(rules_dir: Path) -> dict[str, int]:
    """Normalised id or name -> id, for parsing '1;4' or 'Deception; Isolation'."""
    return indicator_table((i.id, i.name) for i in load(rules_dir))


def resolve(values: Any, rules_dir: Path) -> list[int]:
    """Indicator ids from a list (ids or names) or a '1;4' string; refuses unknown ones."""
    if isinstance(values, list | tuple):
        values = ";".join(str(v) for v in values)
    outcome = parse_indicators(values, lookup(rules_dir))
    if outcome.error:
        raise ServiceError(f"ILO indicators: {outcome.error}.")
    return list(outcome.value)
