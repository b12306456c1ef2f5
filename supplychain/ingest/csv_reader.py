"""Read delimited text (csv, tsv, txt) as a stream of records.

The file is never held in memory whole: the encoding is checked by decoding it once in chunks,
the delimiter is chosen on the complete records of the first megabyte, and records are then read
one at a time by ``csv.reader`` over the decoded stream (so quoted cells may span lines and every
record keeps its own number).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.grid import Grid
from supplychain.ingest.limits import Limits, too_long

DELIMITERS: Final = (",", ";", "\t", "|")
SAMPLE_RECORDS: Final = 50
SAMPLE_CHARS: Final = 1 << 20
PREVIEW_VALUES: Final = 5
PREVIEW_SEPARATOR: Final = ", "  # never inside a word: word characters around one non-ASCII
PREVIEW_POOL: Final = 200
PREVIEW_SCAN: Final = 16 << 20  # characters searched for preview words
_NON_ASCII_WORD: Final = re.compile(r"\w*[^\x00-\x7f]\w*")
# a well-formed UTF-8 sequence, or (group 1) a byte outside one
_HIGH_BYTES: Final = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}|([\x80-\xff])"
)
BOMS: Final = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
UNKNOWN_ENCODING: Final = (
    "the text is not in a known encoding; save it from Excel as 'CSV UTF-8' and upload it again"
)
Record = tuple[int, list[str]]


def _chunks(path: Path, encoding: str) -> Iterator[str]:
    """The decoded text of ``path`` in chunks; a byte that does not decode raises."""
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as fh:
        while chunk := fh.read(SAMPLE_CHARS):
            yield chunk


def _check_text(path: Path, encoding: str, name: str, preview: bool = False) -> set[str]:
    """Decode the whole file once; with ``preview``, return some words that are not ASCII."""
    words: set[str] = set()
    scanned = 0
    for chunk in _chunks(path, encoding):
        if "\x00" in chunk:
            raise reject(name, "the file holds binary data, not text; upload an .xlsx or .csv file")
        if preview and len(words) < PREVIEW_POOL and scanned < PREVIEW_SCAN:
            words.update(_NON_ASCII_WORD.findall(chunk))
            scanned += len(chunk)
    return words


def detect_encoding(path: Path, name: str) -> tuple[str, Issue | None]:
    """(encoding, warning). cp1252 only when UTF-8 fails, with a preview to confirm."""
    with path.open("rb") as fh:
        head = fh.read(4)
    encoding = next((enc for bom, enc in BOMS if head.startswith(bom)), None)
    try:
        _check_text(path, encoding or "utf-8", name)
        return encoding or "utf-8", None
    except UnicodeDecodeError as exc:
        if encoding:
            raise reject(name, UNKNOWN_ENCODING) from exc
    try:
        words = _check_text(path, "cp1252", name, preview=True)
    except UnicodeDecodeError as exc:
        raise reject(name, UNKNOWN_ENCODING) from exc
    if line := _mixed_with_utf8(path):
        raise reject(
            name,
            f"the text is mostly UTF-8 but line {line} is in another encoding, so no single "
            "reading of the file is right; save it from Excel as 'CSV UTF-8' and upload it again",
        )
    return "cp1252", _cp1252_warning(words)


def _mixed_with_utf8(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 when most non-ASCII characters of the file
    are well-formed UTF-8 (text pasted together from two encodings), else None.

    Windows-1252 text rarely forms a UTF-8 sequence (an accented capital just before a curly
    quote), so a file with more such sequences than stray bytes is taken as mixed.
    """
    tally = _ByteTally()
    pending = b""
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(SAMPLE_CHARS), b""):
            pending += chunk
            cut = pending.rfind(b"\n") + 1  # a sequence never straddles a newline
            tally.add(pending[:cut])
            pending = pending[cut:]
    tally.add(pending)
    return tally.first_stray_line if tally.utf8 > tally.stray else None


@dataclass
class _ByteTally:
    utf8: int = 0
    stray: int = 0
    lines: int = 0
    first_stray_line: int | None = None

    def add(self, data: bytes) -> None:
        for match in _HIGH_BYTES.finditer(data):
            if match.group(1) is None:
                self.utf8 += 1
                continue
            self.stray += 1
            if self.first_stray_line is None:
                self.first_stray_line = self.lines + data.count(b"\n", 0, match.start()) + 1
        self.lines += data.count(b"\n")


def _cp1252_warning(words: set[str]) -> Issue:
    preview = PREVIEW_SEPARATOR.join(sorted(words)[:PREVIEW_VALUES])
    return Issue(
        None,
        None,
        None,
        None,
        preview,
        "the file is not UTF-8 and was read as Windows-1252; check that these values "
        f"look right: {preview} (if not, save it as 'CSV UTF-8')",
    )


def preview_words(warning: Issue | None) -> list[str]:
    """The words a Windows-1252 warning shows (as that encoding reads them)."""
    return warning.value.split(PREVIEW_SEPARATOR) if warning and warning.value else []


def sample(text: str, delimiter: str) -> list[list[str]]:
    """The first complete records of ``text`` split on ``delimiter`` (quotes respected)."""
    reader = csv.reader(io.StringIO(text[:SAMPLE_CHARS], newline=""), delimiter=delimiter)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    if len(text) >= SAMPLE_CHARS and records:
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


@dataclass
class CsvSource:
    """A delimited text file whose encoding and delimiter are known; records are read lazily."""

    path: Path
    name: str
    encoding: str
    delimiter: str
    limits: Limits
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        """(record number, fields) for every record that parses; the others become errors."""
        with (
            self.path.open("rb") as raw,
            io.TextIOWrapper(raw, encoding=self.encoding, newline="") as fh,
        ):
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            for number in itertools.count(1):
                start_line = reader.line_num + 1
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    self._record_error(exc, number, start_line)
                    continue
                if number > self.limits.max_rows + self.limits.header_scan_rows:
                    raise too_long(self.name, self.limits)
                yield number, record

    def _record_error(self, exc: csv.Error, number: int, line: int) -> None:
        text = str(exc)
        if "unexpected end of data" in text or "EOF" in text:
            raise reject(
                self.name,
                f"a quote opened in record {number} (line {line}) is never closed; "
                "fix the quotes and upload it again",
            )
        if "field larger" in text:
            message = "a cell is too long (over 131,072 characters)"
        elif "expected after" in text:
            message = (
                f"record {number} (line {line}) could not be read: a quoted cell has text after "
                'its closing quote; write a quote inside a cell as two quotes ("")'
            )
        else:
            message = (
                f"record {number} (line {line}) could not be read; check its quotes and delimiters"
            )
        self.errors.append(Issue(None, number, None, None, None, message))


def open_csv(path: Path, name: str, limits: Limits) -> CsvSource:
    """Check the encoding and choose the delimiter; raise FileRejected when it is not text."""
    encoding, warning = detect_encoding(path, name)
    head = next(_chunks(path, encoding), "")
    source = CsvSource(path, name, encoding, detect_delimiter(head), limits)
    if warning:
        source.warnings.append(warning)
    return source


def head_grid(source: CsvSource, records: Iterator[Record], count: int) -> Grid:
    """A Grid of the first ``count`` records (for finding the header); ``records`` goes on."""
    head = list(itertools.islice(records, count))
    grid = Grid(
        None,
        [r for _, r in head],
        [n for n, _ in head],
        encoding=source.encoding,
        delimiter=source.delimiter,
    )
    grid.warnings, grid.errors = source.warnings, source.errors
    return grid


def read_csv(path: Path, name: str, limits: Limits) -> Grid:
    """Read the whole file into a Grid; a record's row number is its record number."""
    source = open_csv(path, name, limits)
    return head_grid(source, source.records(), limits.max_rows + limits.header_scan_rows + 1)
