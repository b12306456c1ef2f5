"""Build an evidence pack from plain data and iterators (no database, no web).

The service streams rows from SQL into :class:`PackData`; this module writes the workbook, copies
the uploads and reference files, writes the audit trail and README, and zips everything with a
manifest. Tables are consumed once, in order, so memory stays flat however large the company.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from supplychain.evidence import sheets
from supplychain.evidence.archive import Staging, make_manifest, sha256_file, write_zip
from supplychain.evidence.chain import GENESIS, canonical_json
from supplychain.evidence.crosswalk import evaluate
from supplychain.evidence.facts import NOT_SCORED, Tally
from supplychain.evidence.readme import WORKBOOK_NAME, ReadmeFacts, render
from supplychain.evidence.rules_files import RuleFile, StagedRules, stage_rule_files
from supplychain.evidence.script import SCRIPT_NAME, script_source
from supplychain.evidence.uploads import UploadSource, stage_upload
from supplychain.evidence.verify import AUDIT_TRAIL
from supplychain.evidence.workbook import EXCEL_MAX_ROWS, PackWorkbook, SheetWriter
from supplychain.ingest.limits import Limits

Row = Mapping[str, Any]
Progress = Callable[[int, int, str], None]
STAGES = 8
PROGRESS_ROWS = 20_000  # rows of one table between progress reports
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class PackInfo:
    company_id: int
    company_name: str
    generated_at: datetime
    cutoff: datetime
    requested_by: str
    pack_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    supplier_ids: tuple[int, ...] = ()


@dataclass
class PackData:
    info: PackInfo
    crosswalk: Mapping[str, Any]
    suppliers: Iterable[Row] = ()
    hits: Iterable[Row] = ()
    findings: Iterable[Row] = ()
    actions: Iterable[Row] = ()
    action_history: Iterable[Row] = ()
    remedy: Iterable[Row] = ()
    uploads: Iterable[UploadSource] = ()
    audit: Iterable[Row] = ()
    rule_files: Sequence[RuleFile] = ()
    documents: Sequence[tuple[str, Path]] = ()


@dataclass(frozen=True)
class PackResult:
    sha256: str
    size: int
    audit_entries: int
    head_hash: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def build_pack(
    data: PackData,
    out: Path,
    *,
    key: bytes | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    max_rows: int = EXCEL_MAX_ROWS,
) -> PackResult:
    """Write the pack to ``out``; the same data and generation time give the same bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=".pack-", dir=out.parent))
    try:
        report = progress or (lambda *_: None)
        writer = _Writer(data, Staging(root), report, limits, max_rows, signed=bool(key))
        fields = writer.write()
        manifest = make_manifest(writer.staging, fields, key)
        writer.step("writing the zip")
        write_zip(writer.staging, manifest, out, data.info.generated_at)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    digest, size = sha256_file(out)
    chain = fields["audit_chain"]
    return PackResult(
        digest,
        size,
        chain["entries"],
        chain["head_hash"],
        dict(writer.tally.counts),
        tuple(writer.notes),
    )


class _Writer:
    def __init__(
        self,
        data: PackData,
        staging: Staging,
        progress: Progress,
        limits: Limits,
        max_rows: int,
        *,
        signed: bool,
    ) -> None:
        self.data, self.info, self.staging = data, data.info, staging
        self.progress, self.limits, self.signed = progress, limits, signed
        self.tally = Tally()
        self.notes: list[str] = []
        self._stage, self._label = 0, ""
        self.book = PackWorkbook(
            staging.path(WORKBOOK_NAME),
            self.info.generated_at,
            f"Evidence pack: {self.info.company_name}",
            max_rows=max_rows,
        )
        self.tables = {sheet.name: self.book.add(sheet) for sheet in sheets.ORDER}

    def step(self, stage: str) -> None:
        self.progress(self._stage, STAGES, stage)
        self._stage, self._label = self._stage + 1, stage

    def _rows_written(self, written: int) -> None:
        """Say how far a long table is, so a large stage does not look stalled."""
        if written % PROGRESS_ROWS == 0:
            self.progress(self._stage - 1, STAGES, f"{self._label}: {written:,} rows written")

    def write(self) -> dict[str, Any]:
        self.step("reference data")
        rules = stage_rule_files(self.staging, self.data.rule_files, self.notes)
        self._fill(sheets.RULE_SETS, "rule_files", rules.rows)
        self.step("suppliers")
        self._fill(sheets.SUPPLIERS, "suppliers", self.data.suppliers)
        self.step("rule hits")
        self._fill(sheets.RULE_HITS, "hits", self.data.hits)
        self.step("findings and actions")
        self._fill(sheets.FINDINGS, "findings", self.data.findings)
        self._fill(sheets.ACTIONS, "actions", self.data.actions)
        self._fill(sheets.ACTION_HISTORY, "action_history", self.data.action_history)
        self._fill(sheets.REMEDY, "remedy", self.data.remedy)
        self.step("uploads")
        uploads = self._uploads()
        self.step("audit trail")
        chain = self._audit()
        self.step("workbook")
        self._documents()
        self._summary(chain, rules)
        self._fill(sheets.CROSSWALK, "crosswalk", self._crosswalk())
        for table in self.tables.values():
            table.close()
        self.book.close()
        self.staging.write_text("README.txt", self._readme(chain))
        self.staging.write_text(SCRIPT_NAME, script_source())
        return {
            "company": {"id": self.info.company_id, "name": self.info.company_name},
            "pack": self._pack_fields(),
            "audit_chain": chain,
            "uploads": uploads,
            "rules": rules.manifest,
            "notes": self.notes,
        }

    def _fill(self, sheet: sheets.Sheet, table: str, rows: Iterable[Row]) -> None:
        writer: SheetWriter = self.tables[sheet.name]
        for written, row in enumerate(rows, start=1):
            writer.append(row)
            self.tally.observe(table, row)
            self._rows_written(written)

    def _uploads(self) -> list[dict[str, Any]]:
        records = []
        for source in self.data.uploads:
            row, record = stage_upload(
                self.staging, source, self.info.generated_at, self.limits, self.notes
            )
            self.tables[sheets.UPLOADS.name].append(row)
            self.tally.observe("uploads", row)
            records.append(record)
        return records

    def _audit(self) -> dict[str, Any]:
        last, count = {"seq": 0, "hash": GENESIS}, 0
        audit_sheet = self.tables[sheets.AUDIT.name]
        with self.staging.path(AUDIT_TRAIL).open("w", encoding="utf-8", newline="\n") as fh:
            for entry in self.data.audit:
                fh.write(canonical_json(dict(entry)) + "\n")
                self.tally.observe("audit", entry)
                if self._in_period(str(entry.get("occurred_at", ""))[:10]):
                    audit_sheet.append(entry)
                last, count = entry, count + 1
        return {
            "file": AUDIT_TRAIL,
            "entries": count,
            "head_seq": last["seq"],
            "head_hash": last["hash"],
            "in_period": audit_sheet.rows,
        }

    def _in_period(self, day: str) -> bool:
        low, high = self.info.date_from, self.info.date_to
        return (low is None or day >= low.isoformat()) and (high is None or day <= high.isoformat())

    def _documents(self) -> None:
        for entry, source in self.data.documents:
            if entry not in self.staging.entries and source.is_file():
                self.staging.copy(entry, source)

    def _pack_fields(self) -> dict[str, Any]:
        i = self.info
        return {
            "id": i.pack_id,
            "generated_at": _iso(i.generated_at),
            "cutoff": _iso(i.cutoff),
            "date_from": i.date_from.isoformat() if i.date_from else None,
            "date_to": i.date_to.isoformat() if i.date_to else None,
            "supplier_ids": list(i.supplier_ids),
            "requested_by": i.requested_by,
        }

    def _summary(self, chain: dict[str, Any], rules: StagedRules) -> None:
        i, counts = self.info, self.tally.counts
        items: list[tuple[str, Any]] = [
            ("Company", i.company_name),
            ("Evidence pack number", i.pack_id),
            ("Period from", i.date_from or "the start of the records"),
            ("Period to", i.date_to or "the date the pack was made"),
            ("Data recorded up to (UTC)", i.cutoff),
            ("Suppliers selected", ", ".join(map(str, i.supplier_ids)) or "all suppliers"),
            ("Generated at (UTC)", i.generated_at),
            ("Requested by", i.requested_by),
            ("Rule sets used", ", ".join(rules.rulesets) or "none"),
            *_editions(rules.rows),
            ("Suppliers in the pack", counts["suppliers"]),
            *((_tier_label(tier), n) for tier, n in self.tally.tier_rows()),
            ("Rule hits", counts["rule_hits"]),
            ("Rule hits linking to Xinjiang or the UFLPA Entity List", counts["xinjiang_links"]),
            ("Findings", counts["findings"]),
            ("Corrective actions", counts["actions"]),
            ("Corrective actions verified closed", counts["closed_actions"]),
            ("Worker remedy entries", counts["remedy_entries"]),
            ("Uploads", counts["uploads"]),
            ("Audit-trail entries (whole chain)", chain["entries"]),
            ("Audit-trail entries in the period", chain["in_period"]),
            ("Audit-chain head (last entry)", chain["head_seq"]),
            ("Audit-chain head hash", chain["head_hash"]),
            *(("Note", note) for note in self.notes),
        ]
        self._fill(sheets.SUMMARY, "summary", ({"item": k, "value": v} for k, v in items))

    def _crosswalk(self) -> Iterable[Row]:
        for row in evaluate(self.data.crosswalk, self.tally.counts):
            yield row.__dict__

    def _readme(self, chain: dict[str, Any]) -> str:
        i = self.info
        facts = ReadmeFacts(
            i.company_name,
            i.pack_id,
            i.date_from,
            i.date_to,
            i.supplier_ids,
            i.generated_at,
            i.cutoff,
            i.requested_by,
            self.tally.counts["suppliers"],
            chain["entries"],
            chain["head_seq"],
            chain["head_hash"],
            self.signed,
            self.notes,
        )
        return render(facts)


def _editions(rule_rows: Iterable[Row]) -> Iterator[tuple[str, str]]:
    """One Summary line per reference dataset the scores used: its edition and caveats."""
    for row in rule_rows:
        if row.get("kind"):
            partial = " (partial list)" if row.get("partial") else ""
            caveats = row.get("caveats") or "none recorded"
            yield (
                f"Reference data: {row.get('title') or row['kind']}",
                f"edition {row.get('edition')}{partial}; caveats: {caveats}",
            )


def _tier_label(tier: str) -> str:
    return "Suppliers not scored" if tier == NOT_SCORED else f"Suppliers rated {tier}"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
