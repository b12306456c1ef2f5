"""Explaining a stored assessment to a person: reference-data caveats and what lowers confidence.

The confidence gaps mirror ``supplychain.domain.confidence`` using only what was stored (the
hits and the record); the penalties come from the rule set file with the stored sha256. When the
explained penalties do not add up to the stored confidence, the page says so instead of guessing.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from supplychain.domain.reference import Edition, shipped_editions, stored_editions
from supplychain.domain.ruleset import RuleSet, list_rulesets

_BRACKETED: Final = re.compile(r"\[([^\[\]]+)\]")
_BRACKETED_SPACED: Final = re.compile(r"\s*\[[^\[\]]+\]")
STRONG_CAVEATS: Final = ("PARTIAL", "UNVERIFIED")
ENTITY_LIST: Final = "uflpa_entity_list"
REFRESH_SECONDS: Final = 300.0
GAP_LABELS: Final[dict[str, str]] = {
    "audit_unknown": "No social audit on record, or its status is unknown",
    "audit_expired": "The last audit is too old, undated or after the scoring date",
    "goods_unknown": "No goods given",
    "sector_unknown": "Sector not given or not recognised",
    "location_unknown": "No address, city or region (the Xinjiang check cannot run)",
    "tip_placement_unknown": "No Trafficking in Persons report placement for the country",
    "tip_placement_stale": "The country's TIP placement is known only from an older report",
    "partial_entity_list": "The UFLPA entity list in use is a partial snapshot (applies to all)",
}


@dataclass(frozen=True)
class Caveat:
    text: str
    rules: tuple[str, ...]

    @property
    def strong(self) -> bool:
        return self.text.startswith(STRONG_CAVEATS)


@dataclass(frozen=True)
class ExplainedHit:
    rule: str
    points: float
    reason: str
    source: str
    notes: tuple[int, ...]  # 1-based numbers of the caveats this hit cites


@dataclass(frozen=True)
class Gap:
    key: str
    label: str
    penalty: float | None
    applies: bool | None  # None: cannot be told from the stored data


@dataclass(frozen=True)
class ConfidenceExplanation:
    value: float
    gaps: list[Gap]
    adds_up: bool


def explain_hits(hits: list[dict[str, Any]]) -> tuple[list[ExplainedHit], list[Caveat]]:
    """The hits with their caveats (bracketed in a hit's reason or source) moved to numbered
    footnotes, and the distinct caveats with the rules that cite them."""
    cited: dict[str, list[str]] = {}
    explained = []
    for hit in hits:
        notes: list[int] = []
        for text in _BRACKETED.findall(f"{hit['reason']} {hit['source']}"):
            rules = cited.setdefault(text.strip(), [])
            if hit["rule"] not in rules:
                rules.append(hit["rule"])
            number = list(cited).index(text.strip()) + 1
            if number not in notes:
                notes.append(number)
        explained.append(
            ExplainedHit(
                hit["rule"],
                float(hit["points"]),
                _BRACKETED_SPACED.sub("", hit["reason"]),
                _BRACKETED_SPACED.sub("", hit["source"]),
                tuple(notes),
            )
        )
    return explained, [Caveat(text, tuple(rules)) for text, rules in cited.items()]


def confidence_gaps(
    assessment: dict[str, Any],
    record: dict[str, Any] | None,
    rules_dir: Path,
    store_dir: Path | None = None,
) -> ConfidenceExplanation:
    ruleset = _ruleset_by_sha(rules_dir, assessment["ruleset"]["sha256"])
    penalties = ruleset.params.get("confidence", {}) if ruleset else {}
    applies = _applies(assessment, record or {}, rules_dir, store_dir)
    gaps = [
        Gap(key, label, _float(penalties.get(key)), applies.get(key))
        for key, label in GAP_LABELS.items()
    ]
    lost = sum(g.penalty or 0.0 for g in gaps if g.applies)
    value = float(assessment["confidence"])
    known = ruleset is not None and all(g.applies is not None for g in gaps)
    adds_up = known and abs(max(0.0, 1.0 - lost) - value) < 0.011
    return ConfidenceExplanation(value, gaps, adds_up)


def thresholds(assessment: dict[str, Any], rules_dir: Path) -> dict[str, float] | None:
    """The tier thresholds of the rule set file the score used, if it is still available."""
    ruleset = _ruleset_by_sha(rules_dir, assessment["ruleset"]["sha256"])
    return ruleset.params.get("tiers") if ruleset else None


def _applies(
    assessment: dict[str, Any], record: dict[str, Any], rules_dir: Path, store_dir: Path | None
) -> dict[str, bool | None]:
    rules = {h["rule"] for h in assessment["hits"]}
    stale_tip = any(
        h["rule"] == "country_tip.placement" and "coverage is partial" in h["reason"]
        for h in assessment["hits"]
    )
    located = any(_present(record.get(k)) for k in ("address", "city", "region"))
    return {
        "audit_unknown": bool(rules & {"audit.unknown", "audit.none"}),
        "audit_expired": "audit.expired" in rules,
        "goods_unknown": not _present(record.get("goods")) if record else None,
        "sector_unknown": "sector.unknown" in rules,
        "location_unknown": not located if record else None,
        "tip_placement_unknown": "country_tip.unknown" in rules,
        "tip_placement_stale": stale_tip,
        "partial_entity_list": _partial_entity_list(
            assessment["ruleset"]["files"], rules_dir, store_dir
        ),
    }


def _partial_entity_list(
    file_hashes: dict[str, str], rules_dir: Path, store_dir: Path | None
) -> bool | None:
    """Whether the entity-list edition the score used (found by its hash) is partial."""
    hashes = set(file_hashes.values())
    editions = _shipped(rules_dir).entity_lists + stored_editions(store_dir, ENTITY_LIST)
    used = [e for e in editions if e.sha256 in hashes]
    return used[0].partial if used else None


def _ruleset_by_sha(rules_dir: Path, sha256: str) -> RuleSet | None:
    return _shipped(rules_dir).rulesets.get(sha256)


@dataclass(frozen=True)
class _Shipped:
    loaded_at: float
    rulesets: dict[str, RuleSet]  # by sha256 of the rule set file
    entity_lists: list[Edition]


_SHIPPED: dict[Path, _Shipped] = {}


def _shipped(rules_dir: Path) -> _Shipped:
    """Rule sets and entity-list editions under rules_dir, re-read every few minutes (reading
    them hashes every file, which is too slow to do on each page view)."""
    now = time.monotonic()
    cached = _SHIPPED.get(rules_dir)
    if cached is None or now - cached.loaded_at > REFRESH_SECONDS:
        editions = [e for e in shipped_editions(rules_dir) if e.kind == ENTITY_LIST]
        cached = _Shipped(now, {r.sha256: r for r in list_rulesets(rules_dir)}, editions)
        _SHIPPED[rules_dir] = cached
    return cached


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
