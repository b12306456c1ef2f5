"""Reference data editions: the shipped manifest, imported editions and loading.

A *kind* is a dataset (``uflpa_entity_list``, ``dol_goods`` ...); an *edition* is one dated version
of it. Shipped editions are described in ``risk_rules/manifest.yaml``; imported editions live under
``store_dir/<kind>/<edition>.csv`` with a ``<edition>.yaml`` sidecar. Editions sort by their id
(ISO dates and years sort correctly as text); on a tie an imported edition wins over a shipped one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "risk_rules"
MANIFEST_NAME = "manifest.yaml"


class ReferenceDataError(ValueError):
    """A reference file is missing, altered or malformed; the message names the file."""


@dataclass(frozen=True)
class Edition:
    """One edition of one reference dataset, with its provenance."""

    kind: str
    edition: str
    path: Path
    sha256: str
    rows: int
    title: str
    publisher: str = ""
    public_address: str = ""
    licence: str = ""
    confidence: str = ""
    partial: bool = False
    caveats: tuple[str, ...] = ()
    imported: bool = False
    source_file: str | None = None
    imported_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        """Short human label: title and edition."""
        return f"{self.title}, edition {self.edition}"

    def caveat_text(self) -> str:
        """All caveats in one bracketed string, or an empty string."""
        return f" [{' '.join(self.caveats)}]" if self.caveats else ""

    def relpath(self, rules_dir: Path) -> str:
        """Path for hash records: relative to rules_dir if shipped, ``store:...`` if imported."""
        if self.imported:
            return f"store:{self.kind}/{self.path.name}"
        return self.path.relative_to(rules_dir).as_posix()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description (for ``GET /rulesets`` and evidence packs)."""
        return {
            "kind": self.kind,
            "edition": self.edition,
            "file": self.path.name,
            "sha256": self.sha256,
            "rows": self.rows,
            "title": self.title,
            "publisher": self.publisher,
            "public_address": self.public_address,
            "licence": self.licence,
            "confidence": self.confidence,
            "partial": self.partial,
            "caveats": list(self.caveats),
            "imported": self.imported,
            "source_file": self.source_file,
            "imported_at": self.imported_at,
        }


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _edition_from_entry(entry: dict[str, Any], rules_dir: Path) -> Edition:
    return Edition(
        kind=str(entry["kind"]),
        edition=str(entry["edition"]),
        path=rules_dir / str(entry["file"]),
        sha256=str(entry["sha256"]),
        rows=int(entry["rows"]),
        title=str(entry["title"]),
        publisher=str(entry.get("publisher", "")),
        public_address=str(entry.get("public_address", "")),
        licence=str(entry.get("licence", "")),
        confidence=str(entry.get("confidence", "")),
        partial=bool(entry.get("partial", False)),
        caveats=tuple(str(c) for c in entry.get("caveats") or ()),
        imported=bool(entry.get("imported", False)),
        source_file=entry.get("source_file"),
        imported_at=entry.get("imported_at"),
    )


SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10x faster


def load_yaml_text(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's parser where PyYAML was built with it."""
    return yaml.load(text, Loader=SAFE_LOADER)


def shipped_editions(rules_dir: Path = DEFAULT_RULES_DIR) -> list[Edition]:
    """Editions described by ``rules_dir/manifest.yaml``, in manifest order."""
    manifest = rules_dir / MANIFEST_NAME
    data = load_yaml_text(manifest.read_text(encoding="utf-8"))
    return [_edition_from_entry(e, rules_dir) for e in data["datasets"]]


def stored_editions(store_dir: Path | None, kind: str | None = None) -> list[Edition]:
    """Editions imported into ``store_dir`` (every kind, or one), sorted by kind then edition."""
    if store_dir is None or not Path(store_dir).is_dir():
        return []
    found = []
    for sidecar in sorted(Path(store_dir).glob("*/*.yaml")):
        if kind is not None and sidecar.parent.name != kind:
            continue
        entry = load_yaml_text(sidecar.read_text(encoding="utf-8"))
        entry["file"] = sidecar.with_suffix(".csv").name
        found.append(_edition_from_entry(entry, sidecar.parent))
    return sorted(found, key=lambda e: (e.kind, e.edition))


def _sort_key(edition: Edition) -> tuple[str, int]:
    return (edition.edition, 1 if edition.imported else 0)


def available_editions(
    kind: str, rules_dir: Path = DEFAULT_RULES_DIR, store_dir: Path | None = None
) -> list[Edition]:
    """Every known edition of ``kind``, oldest first (imported wins a tie)."""
    editions = [e for e in shipped_editions(rules_dir) if e.kind == kind]
    editions += stored_editions(store_dir, kind)
    return sorted(editions, key=_sort_key)


def resolve_edition(
    kind: str, wanted: str, rules_dir: Path = DEFAULT_RULES_DIR, store_dir: Path | None = None
) -> Edition:
    """The edition ``wanted`` of ``kind``; ``latest`` picks the newest shipped or imported one."""
    editions = available_editions(kind, rules_dir, store_dir)
    if not editions:
        raise ReferenceDataError(f"No edition of reference list {kind!r} is available.")
    if wanted == "latest":
        return editions[-1]
    matches = [e for e in editions if e.edition == wanted]
    if not matches:
        known = ", ".join(e.edition for e in editions)
        raise ReferenceDataError(
            f"Reference list {kind!r} has no edition {wanted!r} (known: {known})."
        )
    return matches[-1]


def load_table(edition: Edition) -> pd.DataFrame:
    """Read an edition's CSV after checking its sha256; adds ``ref_row`` (header = row 1)."""
    if not edition.path.is_file():
        raise ReferenceDataError(f"Reference file {edition.path} is missing.")
    actual = sha256_file(edition.path)
    if actual != edition.sha256:
        raise ReferenceDataError(
            f"Reference file {edition.path} has sha256 {actual}, expected {edition.sha256}: "
            "it was changed after it was recorded."
        )
    table = pd.read_csv(edition.path, dtype=str, keep_default_na=False, encoding="utf-8")
    table["ref_row"] = pd.RangeIndex(2, len(table) + 2, dtype="int64")
    return table
