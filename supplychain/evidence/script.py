"""The stand-alone ``verify_pack.py`` shipped in every pack: chain.py and verify.py joined.

Both modules use the standard library only; joining them drops their imports of each other and
keeps a single ``from __future__`` line, so the script runs with ``python -I`` anywhere.
"""

from __future__ import annotations

from pathlib import Path

SCRIPT_NAME = "verify_pack.py"
_HERE = Path(__file__).resolve().parent
_PARTS = ("chain.py", "verify.py")
_FUTURE = "from __future__ import annotations"
_HEADER = (
    "#!/usr/bin/env python3\n"
    '"""verify_pack.py: check this supplychain evidence pack offline (standard library only).\n\n'
    "    python verify_pack.py PACK.zip [--key KEY_FILE]\n\n"
    "Exit status 0: intact; 1: altered (the first broken item is named); 2: unreadable.\n"
    "Generated from supplychain/evidence/chain.py and supplychain/evidence/verify.py.\n"
    '"""\n\n' + _FUTURE + "\n"
)


def _body(source: str) -> str:
    kept = [
        line
        for line in source.splitlines()
        if line.strip() != _FUTURE and not line.startswith("from supplychain.")
    ]
    return "\n".join(kept).strip() + "\n"


def script_source() -> str:
    """The text of verify_pack.py."""
    parts = [_body((_HERE / name).read_text(encoding="utf-8")) for name in _PARTS]
    separator = "\n\n# " + "-" * 70 + "\n\n"
    return _HEADER + separator + separator.join(parts)
