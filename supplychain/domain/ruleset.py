"""Rule sets: YAML files in ``risk_rules/rulesets`` naming every weight, threshold and edition."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from supplychain.domain.reference import (
    DEFAULT_RULES_DIR,
    MANIFEST_NAME,
    Edition,
    ReferenceDataError,
    load_table,
    load_yaml_text,
    resolve_edition,
    sha256_file,
)

RULESETS_SUBDIR = "rulesets"
SECTORS_FILE = "taxonomy/sectors.yaml"
REQUIRED_KEYS = ("id", "version", "effective_date", "description", "editions", "tiers")
REQUIRED_SECTIONS = (
    "entity_list",
    "region",
    "country_goods",
    "country_tip",
    "sector",
    "audit",
    "findings",
    "confidence",
)
REQUIRED_EDITIONS = (
    "uflpa_entity_list",
    "cbp_wro",
    "dol_goods",
    "dol_downstream_inputs",
    "dol_good_sector_map",
    "tip_tiers",
    "xinjiang_places",
    "name_variants",
)


class RuleSetError(ValueError):
    """A rule set file is missing or inconsistent; the message names the file."""


@dataclass(frozen=True)
class RuleSet:
    """One rule set as written in YAML, plus the sha256 of every file it uses."""

    id: str
    version: str
    effective_date: str
    description: str
    sha256: str
    params: dict[str, Any] = field(hash=False)
    files: dict[str, str] = field(hash=False)
    sources: dict[str, Path] = field(default_factory=dict, hash=False, compare=False)
    """Where each of ``files`` was read from, so the exact bytes can be kept with the scores."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (for ``GET /rulesets`` and reports)."""
        return {
            "id": self.id,
            "version": self.version,
            "effective_date": self.effective_date,
            "description": self.description,
            "sha256": self.sha256,
            "files": dict(sorted(self.files.items())),
        }


@dataclass
class LoadedRuleSet:
    """A rule set with its reference editions resolved and their tables loaded."""

    ruleset: RuleSet
    editions: dict[str, Edition]
    tables: dict[str, pd.DataFrame]
    sector_codes: tuple[str, ...]
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def params(self) -> dict[str, Any]:
        return self.ruleset.params

    def edition(self, kind: str) -> Edition:
        return self.editions[kind]

    def table(self, kind: str) -> pd.DataFrame:
        return self.tables[kind]


def _ruleset_path(ruleset_id: str, rules_dir: Path) -> Path:
    path = rules_dir / RULESETS_SUBDIR / f"{ruleset_id}.yaml"
    if not path.is_file():
        known = ", ".join(r.stem for r in sorted((rules_dir / RULESETS_SUBDIR).glob("*.yaml")))
        raise RuleSetError(f"Rule set {ruleset_id!r} not found in {path.parent} (known: {known}).")
    return path


def _validate(data: dict[str, Any], path: Path) -> None:
    missing = [k for k in (*REQUIRED_KEYS, *REQUIRED_SECTIONS) if k not in data]
    if missing:
        raise RuleSetError(f"{path.name}: missing keys {', '.join(missing)}.")
    if data["id"] != path.stem:
        raise RuleSetError(f"{path.name}: id {data['id']!r} must match the file name.")
    lacking = [k for k in REQUIRED_EDITIONS if k not in data["editions"]]
    if lacking:
        raise RuleSetError(f"{path.name}: editions lack {', '.join(lacking)}.")
    tiers = data["tiers"]
    if not 0 < tiers["medium"] < tiers["high"] < tiers["critical"] <= 100:
        raise RuleSetError(f"{path.name}: tiers must satisfy 0 < medium < high < critical <= 100.")
    audit = data["audit"]["points"]
    if min(audit["unknown"], audit["expired"]) < audit["none"] or audit["none"] < audit["passed"]:
        raise RuleSetError(
            f"{path.name}: audit points must satisfy unknown, expired >= none >= passed "
            "(missing data never makes a supplier look safer)."
        )
    goods = data["country_goods"]
    if goods["unknown_goods_points"] > goods["child_labour_points"]:
        raise RuleSetError(
            f"{path.name}: unknown_goods_points must not exceed child_labour_points."
        )
    if goods["child_labour_points"] > goods["forced_labour_points"]:
        raise RuleSetError(
            f"{path.name}: forced labour must weigh at least as much as child labour."
        )
    if data["sector"]["unknown_points"] < data["sector"]["max_points"]:
        raise RuleSetError(f"{path.name}: sector unknown_points must be >= max_points.")


def _read_ruleset(path: Path) -> tuple[dict[str, Any], str]:
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{path.name}: not valid YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise RuleSetError(f"{path.name}: must be a mapping.")
    _validate(data, path)
    return data, sha256_file(path)


def _resolve_all(
    data: dict[str, Any], rules_dir: Path, store_dir: Path | None
) -> dict[str, Edition]:
    try:
        return {
            kind: resolve_edition(kind, str(wanted), rules_dir, store_dir)
            for kind, wanted in sorted(data["editions"].items())
        }
    except ReferenceDataError as exc:
        raise RuleSetError(f"Rule set {data['id']!r}: {exc}") from exc


def _build(
    path: Path, rules_dir: Path, store_dir: Path | None
) -> tuple[RuleSet, dict[str, Edition]]:
    data, digest = _read_ruleset(path)
    editions = _resolve_all(data, rules_dir, store_dir)
    sources = {
        path.relative_to(rules_dir).as_posix(): path,
        MANIFEST_NAME: rules_dir / MANIFEST_NAME,
        SECTORS_FILE: rules_dir / SECTORS_FILE,
        **{e.relpath(rules_dir): e.path for e in editions.values()},
    }
    files = {relpath: sha256_file(source) for relpath, source in sources.items()}
    params = {k: v for k, v in data.items() if k not in REQUIRED_KEYS[:4]}
    ruleset = RuleSet(
        id=str(data["id"]),
        version=str(data["version"]),
        effective_date=str(data["effective_date"]),
        description=str(data["description"]).strip(),
        sha256=digest,
        params=params,
        files=dict(sorted(files.items())),
        sources=sources,
    )
    return ruleset, editions


def list_rulesets(rules_dir: Path = DEFAULT_RULES_DIR) -> list[RuleSet]:
    """Every rule set under ``rules_dir/rulesets``, sorted by id (shipped editions only)."""
    paths = sorted((rules_dir / RULESETS_SUBDIR).glob("*.yaml"))
    return [_build(p, rules_dir, None)[0] for p in paths]


def _sector_codes(rules_dir: Path) -> tuple[str, ...]:
    data = load_yaml_text((rules_dir / SECTORS_FILE).read_text(encoding="utf-8"))
    return tuple(str(s["code"]) for s in data["sectors"])


def load_ruleset(
    ruleset_id: str = "default",
    rules_dir: Path = DEFAULT_RULES_DIR,
    store_dir: Path | None = None,
) -> LoadedRuleSet:
    """Load a rule set, resolve editions (``latest`` also looks in ``store_dir``), load tables."""
    ruleset, editions = _build(_ruleset_path(ruleset_id, rules_dir), rules_dir, store_dir)
    tables = {kind: load_table(edition) for kind, edition in editions.items()}
    return LoadedRuleSet(ruleset, editions, tables, _sector_codes(rules_dir))
