"""``GET /rulesets``: the rule sets this server can score with, each with its version and hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from supplychain.domain.ruleset import list_rulesets
from supplychain.web.api import api_require
from supplychain.web.api import openapi as oa
from supplychain.web.extensions import settings

RULESET = oa.schema(
    "RuleSet",
    {
        "type": "object",
        "required": ["id", "version", "effective_date", "description", "sha256"],
        "properties": {
            "id": {"type": "string"},
            "version": {"type": "string"},
            "effective_date": {"type": "string"},
            "description": {"type": "string"},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "files": {
                "type": "object",
                "description": "sha256 of every file the rule set reads, by path.",
                "additionalProperties": {"type": "string"},
            },
        },
    },
)
RULESETS = oa.schema(
    "RuleSetList",
    {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": RULESET}},
    },
)


_cache: dict[tuple[object, ...], list[dict[str, Any]]] = {}


@oa.path("get", "/rulesets", summary="The rule sets available", responses={200: RULESETS})
@api_require("read")
def get_rulesets() -> Any:
    return {"items": _rulesets(settings().rules_dir)}


def _rulesets(rules_dir: Path) -> list[dict[str, Any]]:
    """Building the list reads and hashes every reference file, so it is kept until any file
    under ``rules_dir`` changes (a changed file changes its size or modification time)."""
    files = sorted(p for p in rules_dir.rglob("*") if p.is_file())
    key = (rules_dir, *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key not in _cache:
        _cache.clear()
        _cache[key] = [r.as_dict() for r in list_rulesets(rules_dir)]
    return _cache[key]
