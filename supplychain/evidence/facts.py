"""Counts taken while a pack's tables stream by: the facts the crosswalk and the summary use."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

Row = Mapping[str, Any]
TIERS = ("low", "medium", "high", "critical")
NOT_SCORED = "not scored"


def _always(_row: Row) -> bool:
    return True


def _scored(row: Row) -> bool:
    return row.get("tier") is not None


# fact -> (table it is counted in, which rows count)
FACT_RULES: dict[str, tuple[str, Callable[[Row], bool]]] = {
    "suppliers": ("suppliers", _always),
    "scored_suppliers": ("suppliers", _scored),
    "sub_tier_suppliers": ("suppliers", lambda r: (r.get("supply_chain_tier") or 0) >= 2),
    "high_risk_suppliers": ("suppliers", lambda r: r.get("tier") in ("high", "critical")),
    # every assessment runs the region and entity-list rule families (rule sets require them)
    "xinjiang_screened": ("suppliers", _scored),
    "audited_suppliers": ("suppliers", lambda r: r.get("audit_date") is not None),
    "rule_hits": ("hits", _always),
    "xinjiang_links": (
        "hits",
        lambda r: str(r.get("rule", "")).startswith(("region.", "entity_list.uflpa")),
    ),
    "findings": ("findings", _always),
    "grievance_findings": ("findings", lambda r: r.get("source_type") == "grievance"),
    "actions": ("actions", _always),
    "closed_actions": ("actions", lambda r: r.get("status") == "verified_closed"),
    "action_history": ("action_history", _always),
    "remedy_entries": ("remedy", _always),
    "uploads": ("uploads", _always),
    "audit_entries": ("audit", _always),
}


class Tally:
    """Counts facts and risk tiers as rows are written."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.tiers: Counter[str] = Counter()
        self._rules: dict[str, list[tuple[str, Callable[[Row], bool]]]] = {}
        for fact, (table, rule) in FACT_RULES.items():
            self._rules.setdefault(table, []).append((fact, rule))

    def observe(self, table: str, row: Row) -> None:
        for fact, rule in self._rules.get(table, ()):
            if rule(row):
                self.counts[fact] += 1
        if table == "suppliers":
            self.tiers[row.get("tier") or NOT_SCORED] += 1

    def tier_rows(self) -> list[tuple[str, int]]:
        return [(tier, self.tiers[tier]) for tier in (*TIERS, NOT_SCORED)]
