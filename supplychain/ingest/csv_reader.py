"""Read delimited text (csv, tsv, txt): encoding and delimiter detection on complete records."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Final

from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.grid import Grid
from supplychain.ingest.limits import Limits

DELIMITERS: Final = (",", ";", "\t", "|")
SAMPLE_RECORDS: Final = 50
PREVIEW_VALUES: Final = 5


def decode(data: bytes, name: str) -> tuple[str, str, Issue | None]:
    """(text, encoding, warning). cp1252 only when UTF-8 fails, with a preview to confirm."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", name), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16", None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        text = _strict(data, "cp1252", name)
    return text, "cp1252", _cp1252_warning(text)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise reject(
            name,
            "the text is not in a known encoding; save it from Excel as "
            "'CSV UTF-8' and upload it again",
        ) from exc
    if "\x00" in text:
        raise reject(name, "the file holds binary data, not text; upload an .xlsx or .csv file")
    return text


def _cp1252_warning(text: str) -> Issue:
    words = {w.strip('",;|') for w in text.split() if not w.isascii()}
    preview = ", ".join(sorted(words)[:PREVIEW_VALUES])
    return Issue(
        None,
        None,
        None,
        None,
        preview,
        "the file is not UTF-8 and was read as Windows-1252; check that these values "
        f"look right: {preview} (if not, save it as 'CSV UTF-8')",
    )


def sample(text: str, delimiter: str) -> list[list[str]]:
    """The first complete records of ``text`` split on ``delimiter`` (quotes respected)."""
    reader = csv.reader(io.StringIO(text[: 1 << 20], newline=""), delimiter=delimiter)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    if len(text) > 1 << 20 and records:
        records.pop()  # the last record may be cut by the sample window
    return records


def detect_delimiter(text: str) -> str:
    """The delimiter whose field count is most consistent (and > 1) over the sample."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(r) for r in sample(text, delimiter) if any(f.strip() for f in r))
        if not counts:
            continue
        width, hits = counts.most_common(1)[0]
        score = (hits if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, name: str, limits: Limits) -> Grid:
    """Read the whole file into a Grid; a record's row number is its record number."""
    text, encoding, warning = decode(path.read_bytes(), name)
    delimiter = detect_delimiter(text)
    grid = Grid(None, [], [], encoding=encoding, delimiter=delimiter)
    if warning:
        grid.warnings.append(warning)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    while True:
        number += 1
        start_line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            _record_error(grid, exc, number, start_line, name)
            continue
        if number > limits.max_rows + limits.header_scan_rows:
            raise reject(name, f"the file has more than {limits.max_rows} rows; split it")
        grid.rows.append(record)
        grid.row_numbers.append(number)
    return grid


def _record_error(grid: Grid, exc: csv.Error, number: int, line: int, name: str) -> None:
    if "field larger" in str(exc):
        grid.errors.append(
            Issue(None, number, None, None, None, "a cell is too long (over 131,072 characters)")
        )
        return
    if "unexpected end of data" in str(exc) or "EOF" in str(exc):
        raise reject(
            name,
            f"a quote opened in record {number} (line {line}) is never closed; "
            "fix the quotes and upload it again",
        )
    grid.errors.append(
        Issue(None, number, None, None, None, f"the record could not be read: {exc}")
    )
