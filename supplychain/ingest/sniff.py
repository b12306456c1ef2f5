"""Decide what an upload is from its bytes, before any parser sees it.

The name only has to be on the allow-list and agree with the content; the content decides.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final, Literal

import olefile

from supplychain.ingest.errors import reject
from supplychain.ingest.limits import MB, Limits

Format = Literal["xlsx", "xlsm", "xls", "ods", "csv"]

ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_BOMS: Final = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
EXCEL_EXTENSIONS: Final = frozenset({"xlsx", "xlsm", "xls", "ods"})
TEXT_EXTENSIONS: Final = frozenset({"csv", "tsv", "txt"})
ALLOWED: Final = EXCEL_EXTENSIONS | TEXT_EXTENSIONS
_BINARY_SIGNS: Final = {
    b"%PDF": "a PDF document",
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
}
PASSWORD: Final = "is password-protected; remove the password in Excel and upload it again"
FILEPASS: Final = 0x002F


def extension(name: str) -> str:
    """The lower-case extension of ``name`` without the dot ('' when there is none)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_name(name: str) -> str:
    """Refuse names with NUL/control characters or an extension outside the allow-list."""
    if any(ord(ch) < 32 for ch in name):
        raise reject(repr(name), "the file name contains invalid characters; rename the file")
    ext = extension(name)
    if ext and ext not in ALLOWED:
        raise reject(
            name, f"files of type .{ext} are not accepted; upload .xlsx, .xls, .ods or .csv"
        )
    return ext


def sniff(path: Path, name: str, limits: Limits) -> Format:
    """Return the upload's format from its magic bytes, or raise FileRejected."""
    ext = check_name(name)
    size = path.stat().st_size
    if size == 0:
        raise reject(name, "the file is empty; please upload it again")
    if size > limits.max_bytes:
        raise reject(
            name,
            f"the file is {size / MB:.1f} MB, over the {limits.max_bytes / MB:.0f} "
            "MB limit; split it into smaller files",
        )
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(ZIP_MAGIC):
        fmt = _zip_format(path, name)
    elif head.startswith(OLE_MAGIC):
        fmt = _ole_format(path, name)
    else:
        fmt = _text_format(head, name)
    _check_agreement(name, ext, fmt)
    return fmt


def _check_agreement(name: str, ext: str, fmt: Format) -> None:
    if ext in EXCEL_EXTENSIONS and fmt == "csv":
        raise reject(
            name,
            f"this is not an Excel .{ext} file (it holds plain text); "
            "save it as .xlsx or rename it to .csv",
        )
    if ext in TEXT_EXTENSIONS and fmt != "csv":
        raise reject(name, f"this is an Excel workbook named .{ext}; rename it to .{fmt}")


def _zip_format(path: Path, name: str) -> Format:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise reject(name, "the file is damaged or incomplete; please upload it again") from exc
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise reject(name, "binary .xlsb workbooks are not accepted; save it as .xlsx")
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    raise reject(name, "this is a ZIP archive, not an Excel workbook; upload an .xlsx file")


def _ole_format(path: Path, name: str) -> Format:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise reject(name, PASSWORD)
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                raise reject(
                    name,
                    "this is an Office document but not an Excel workbook; upload an .xlsx file",
                )
            head = ole.openstream(stream).read(4096)
    except (OSError, ValueError, IndexError) as exc:  # olefile raises these on broken files
        raise reject(name, "the file is damaged or incomplete; please upload it again") from exc
    if _biff_has_filepass(head):
        raise reject(name, PASSWORD)
    return "xls"


def _biff_has_filepass(data: bytes) -> bool:
    """True when the BIFF globals substream carries a FILEPASS (encryption) record."""
    pos = 0
    for _ in range(64):
        if pos + 4 > len(data):
            return False
        rec = int.from_bytes(data[pos : pos + 2], "little")
        size = int.from_bytes(data[pos + 2 : pos + 4], "little")
        if rec == FILEPASS:
            return True
        if rec == 0x0085:  # BOUNDSHEET: past the point where FILEPASS may appear
            return False
        pos += 4 + size
    return False


def _text_format(head: bytes, name: str) -> Format:
    for magic, what in _BINARY_SIGNS.items():
        if head.startswith(magic):
            raise reject(name, f"this is {what}, not a spreadsheet; upload an .xlsx or .csv file")
    if not head.startswith(TEXT_BOMS[1:]) and b"\x00" in head:
        raise reject(name, "this is not a spreadsheet or a text file; upload an .xlsx or .csv file")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise reject(
            name,
            "this is a web page or XML file, not a spreadsheet; "
            "save it from Excel as .xlsx or .csv",
        )
    return "csv"
