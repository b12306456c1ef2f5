"""Pre-scan of a ZIP-based workbook (xlsx, xlsm, ods) before any parser opens it.

The central directory is checked first (entry count, declared total size, inflation ratio, encrypted
entries), then every XML part is decompressed once through a bounded reader that stops at the
declared size, refuses DOCTYPE/ENTITY declarations and notes which worksheets hold formulas or
merged cells, so that later passes only run when they have something to find.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from supplychain.ingest.errors import reject
from supplychain.ingest.limits import MB, Limits

CHUNK: Final = 1 << 20
RATIO_MIN_SIZE: Final = 1 * MB  # small parts compress very well without being bombs
_UNSAFE: Final = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA: Final = (b"f>", b"<f ")  # '</f>' or '<f .../>'; a false hit only costs a parse
_MERGE: Final = b"mergeCell "
_ERROR_CELL: Final = b't="e"'
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")


@dataclass
class PartFacts:
    """What the byte scan saw in one XML part."""

    formulas: bool = False
    merges: bool = False
    errors: bool = False


@dataclass
class ZipReport:
    """The result of a successful pre-scan."""

    parts: dict[str, PartFacts] = field(default_factory=dict)
    has_macros: bool = False


def prescan(path: Path, name: str, limits: Limits) -> ZipReport:
    """Check the archive against ``limits`` and scan its XML; raise FileRejected on danger."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(infos, name, limits)
            report = ZipReport(has_macros=any(i.filename.endswith("vbaProject.bin") for i in infos))
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    report.parts[info.filename] = _scan_part(zf, info, name, limits)
            return report
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise reject(name, "the file is damaged or incomplete; please upload it again") from exc


def _check_directory(infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise reject(
            name,
            f"the workbook has {len(infos)} parts, over the limit of "
            f"{limits.max_entries}; save it again as a plain .xlsx",
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise reject(name, "is password-protected; remove the password and upload it again")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed:
        raise _too_big(name, total, limits)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_SIZE and ratio > limits.max_ratio:
            raise reject(
                name,
                f"part {info.filename} expands {ratio:.0f} times (limit "
                f"{limits.max_ratio:.0f}), which looks like a decompression bomb; "
                "save the workbook again from Excel",
            )


def _too_big(name: str, size: int, limits: Limits) -> Exception:
    return reject(
        name,
        f"the file expands to {size / MB:.0f} MB, over the limit of "
        f"{limits.max_uncompressed / MB:.0f} MB; split it into smaller files",
    )


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits) -> PartFacts:
    """Stream one part with a byte budget of its declared size (the directory may lie)."""
    facts = PartFacts()
    budget = min(info.file_size, limits.max_uncompressed)
    seen, tail = 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            seen += len(chunk)
            if seen > budget:
                raise _too_big(name, seen, limits)
            window = tail + chunk
            if b"<!" in window and _UNSAFE.search(window):
                raise reject(
                    name,
                    f"the file contains unsafe XML (a DOCTYPE or ENTITY "
                    f"declaration in {info.filename}); save it again from Excel",
                )
            facts.formulas = facts.formulas or any(f in window for f in _FORMULA)
            facts.merges = facts.merges or _MERGE in window
            facts.errors = facts.errors or _ERROR_CELL in window
            tail = chunk[-32:]  # a marker may straddle two chunks
    return facts
