"""The regulation crosswalk: which part of a pack answers each legal element, and what is missing.

The laws, their elements and the facts each element needs are data (``risk_rules/crosswalk.yaml``);
this module only loads that file, checks it, and evaluates it against the fact counts of a pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CROSSWALK_FILE = "crosswalk.yaml"
ANSWERED, PARTLY, MISSING = "evidence in pack", "partly answered", "no evidence yet"


class CrosswalkError(ValueError):
    """The crosswalk file is malformed; the message names the law or element."""


@dataclass(frozen=True)
class CrosswalkRow:
    law: str
    citation: str
    element: str
    reference: str
    pack: str
    status: str
    evidence: str
    missing: str


def load_crosswalk(path: Path) -> dict[str, Any]:
    """Read and check the crosswalk YAML (every element's facts must be declared)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = data.get("facts") or {}
    for law in data.get("laws") or ():
        for key in ("id", "name", "citation", "elements"):
            if key not in law:
                raise CrosswalkError(f"{path.name}: a law lacks {key!r}.")
        for element in law["elements"]:
            unknown = [f for f in element.get("facts") or () if f not in facts]
            if unknown or not element.get("facts"):
                raise CrosswalkError(
                    f"{path.name}: {law['id']}.{element.get('id')} needs undeclared or no facts "
                    f"({', '.join(unknown) or 'none given'})."
                )
    return data


def evaluate(crosswalk: Mapping[str, Any], counts: Mapping[str, int]) -> list[CrosswalkRow]:
    """One row per law element, saying what the pack shows and what it lacks."""
    facts = crosswalk["facts"]
    rows = []
    for law in crosswalk["laws"]:
        for element in law["elements"]:
            needed = element["facts"]
            have = [f for f in needed if _count(facts[f], counts, f) > 0]
            lacking = [f for f in needed if f not in have]
            status = MISSING if not have else PARTLY if lacking else ANSWERED
            rows.append(
                CrosswalkRow(
                    law=law["name"],
                    citation=law["citation"],
                    element=element["requirement"],
                    reference=element.get("reference", ""),
                    pack=element.get("pack", ""),
                    status=status,
                    evidence="; ".join(f"{counts[f]} {facts[f]['label']}" for f in have),
                    missing="; ".join(facts[f]["missing"] for f in lacking),
                )
            )
    return rows


def _count(fact: Mapping[str, Any], counts: Mapping[str, int], name: str) -> int:
    if fact.get("recorded", True) is False:
        return 0
    return int(counts.get(name, 0))
