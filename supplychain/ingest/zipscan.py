"""Pre-scan of a ZIP-based workbook (xlsx, xlsm, ods) before any parser opens it.

The central directory is checked first (entry count, declared total size, inflation ratio, encrypted
entries), then every part is inflated once, counting bytes, and refused if it yields more or less
than declared; XML parts are also scanned for DOCTYPE/ENTITY declarations, and for formulas,
merged cells, error cells and hidden rows or columns so that later passes only run when they have
something to find.
"""

from __future__ import annotations

import copy
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
_HIDDEN: Final = (b'hidden="1"', b'hidden="true"')  # on <row> or <col> in a worksheet
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")


@dataclass
class PartFacts:
    """What the byte scan saw in one XML part."""

    formulas: bool = False
    merges: bool = False
    errors: bool = False
    hidden: bool = False


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
    """Inflate one part in full, counting bytes, and scan it if it is XML.

    zipfile stops at the size the directory declares, while calamine inflates the whole stream,
    so the part is opened as if it were larger than the cap: a stream that yields more than its
    declared size means the directory lies (a bomb in disguise) and the file is refused.
    """
    facts = PartFacts()
    unbounded = copy.copy(info)
    unbounded.file_size = limits.max_uncompressed + 1
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    seen, tail = 0, b""
    with zf.open(unbounded) as fh:
        while chunk := fh.read(CHUNK):
            seen += len(chunk)
            if seen > info.file_size:
                raise _lies(name, info.filename)
            xml = xml or (not tail and chunk.lstrip()[:1] == b"<")
            if xml:
                _scan_xml(tail + chunk, info.filename, name, facts)
            tail = chunk[-32:]  # a marker may straddle two chunks
    if seen != info.file_size:
        raise _lies(name, info.filename)
    return facts


def _lies(name: str, part: str) -> Exception:
    return reject(
        name,
        f"part {part} holds more or less data than the archive declares, so the file is "
        "damaged or built to exhaust memory; save the workbook again from Excel",
    )


def _scan_xml(window: bytes, part: str, name: str, facts: PartFacts) -> None:
    if b"<!" in window and _UNSAFE.search(window):
        raise reject(
            name,
            f"the file contains unsafe XML (a DOCTYPE or ENTITY declaration in {part}); "
            "save it again from Excel",
        )
    facts.formulas = facts.formulas or any(f in window for f in _FORMULA)
    facts.merges = facts.merges or _MERGE in window
    facts.errors = facts.errors or _ERROR_CELL in window
    facts.hidden = facts.hidden or any(h in window for h in _HIDDEN)
