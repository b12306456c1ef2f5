"""A minimal OLE compound file writer, for Office containers built inside the tests."""

from __future__ import annotations

import struct

SECTOR = 512
END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _dir_entry(
    name: str, kind: int, right: int = NO_STREAM, child: int = NO_STREAM, start=END, size=0
):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black: no tree balancing needed for a handful of entries
        NO_STREAM,
        right,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB v3): one FAT sector, one directory sector, then each
    stream in whole sectors (streams of 4096 bytes or more, so no mini stream is needed)."""
    fat, body, starts = [FAT_SECTOR, END], b"", []
    for data in streams.values():
        assert len(data) >= 4096, "short streams would need a mini FAT"
        count = -(-len(data) // SECTOR)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END]
        body += data.ljust(count * SECTOR, b"\0")
    assert len(fat) <= SECTOR // 4 and len(streams) <= 3
    entries = [_dir_entry("Root Entry", 5, child=1)]
    for i, (name, data) in enumerate(streams.items()):
        right = i + 2 if i + 1 < len(streams) else NO_STREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[i], size=len(data)))
    entries += [_dir_entry("", 0, start=0)] * (4 - len(entries))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        OLE_MAGIC,
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,  # one FAT sector ...
        1,  # ... and the directory in sector 1
        0,
        4096,
        END,
        0,
        END,
        0,
    ) + struct.pack("<109I", 0, *([FREE] * 108))
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    return header + fat_sector + b"".join(entries) + body
