"""The plain-language README.txt of a pack: what it holds and how to check it by yourself."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from supplychain.evidence.script import SCRIPT_NAME
from supplychain.evidence.verify import AUDIT_TRAIL, MANIFEST

WORKBOOK_NAME = "evidence-workbook.xlsx"


@dataclass(frozen=True)
class ReadmeFacts:
    company: str
    pack_id: int | None
    date_from: date | None
    date_to: date | None
    supplier_ids: tuple[int, ...]
    generated_at: datetime
    cutoff: datetime
    requested_by: str
    suppliers: int
    audit_entries: int
    head_seq: int
    head_hash: str
    signed: bool
    notes: Sequence[str]


def _day(value: date | None, empty: str) -> str:
    return value.isoformat() if value else empty


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC")


def render(f: ReadmeFacts) -> str:
    ids = ", ".join(str(i) for i in f.supplier_ids)
    scope = (
        "all of the company's suppliers"
        if not f.supplier_ids
        else f"the supplier with platform id {ids}"
        if len(f.supplier_ids) == 1
        else f"the suppliers with platform ids {ids}"
    )
    about = (
        f"A record, made by the supplychain due-diligence platform, of what {f.company} knew "
        "about forced-labour risk in its supply chain, how each supplier's risk score was "
        f"reached, and what was done about it. It covers {scope}, for the period "
        f"{_day(f.date_from, 'from the start')} to {_day(f.date_to, 'the date it was made')}. "
        f"Only data recorded by {_when(f.cutoff)} is included."
    )
    notes = "\n".join(
        textwrap.fill(n, 94, initial_indent="  - ", subsequent_indent="    ") for n in f.notes
    )
    key_line = (
        "The manifest is also sealed with an HMAC made with the company's evidence key. Ask the\n"
        "company for the key through another channel and add  --key KEY_FILE  to the command."
        if f.signed
        else "The server had no evidence key, so the manifest carries no HMAC seal."
    )
    return f"""EVIDENCE PACK - {f.company}
{"=" * (16 + len(f.company))}

What this is
------------
{textwrap.fill(about, 94)}

Pack number: {f.pack_id if f.pack_id is not None else "(command line)"}
Made:        {_when(f.generated_at)}, at the request of {f.requested_by}
Suppliers:   {f.suppliers}
Audit trail: {f.audit_entries} entries

What is inside
--------------
  {WORKBOOK_NAME}
                    The evidence workbook. Start with the Summary sheet; the Crosswalk
                    sheet shows which part of the pack answers each requirement of seven laws
                    (UFLPA, EU Forced Labour Regulation, LkSG, CSDDD, UK Modern Slavery Act,
                    Canada S-211, Australia Modern Slavery Act) and what evidence is missing.
                    Every score is explained on the Rule hits sheet: the rule, its points and
                    the public source row behind it. A sheet with only its header row means
                    that nothing of its kind was recorded (the Summary gives the counts).
  uploads/          The supplier lists as they were uploaded, named by upload number (the
                    original file names are on the Uploads sheet). A workbook that contained
                    macros is replaced by a data-only copy; the Uploads sheet says so.
  rules/            The rule sets and reference data the scores used, with their sources
                    (rules/reference/SOURCES.md) and the crosswalk (rules/crosswalk.yaml).
  {AUDIT_TRAIL}
                    The company's audit trail, one JSON entry per line, as a hash chain.
  {MANIFEST}     The SHA-256 fingerprint of every file above and the audit-chain head.
  {SCRIPT_NAME}    A checker that needs only Python 3.8 or newer (no other software, no
                    network).

How to check that nothing was changed
-------------------------------------
1. Run:   python3 {SCRIPT_NAME} THIS_PACK.zip
   giving it the zip file itself, not a folder it was extracted to. It prints INTACT and
   exits with status 0 when every file matches the manifest, the audit trail is an unbroken
   chain and each original upload matches the fingerprint recorded in the audit trail when
   it was received. It exits with 1 and names the first altered item when anything was
   changed, and with 2 when the file is not a readable pack.
   {key_line.replace(chr(10), chr(10) + "   ")}
2. Without Python: compute the SHA-256 of each file (Windows: certutil -hashfile FILE SHA256;
   macOS and Linux: shasum -a 256 FILE) and compare it with {MANIFEST}.
3. The audit trail: each entry's "hash" is the SHA-256 of the previous entry's hash followed by
   the entry's fields (company_id, seq, actor, action, object_type, object_id, occurred_at,
   details) written as compact JSON with sorted keys, in UTF-8 with no escaping of non-ASCII
   characters. The first entry follows 64 zeros. The last hash of this pack is
       {f.head_hash}
   It is entry {f.head_seq} of the company's trail. Ask the company to run, on its live system,
       supplychain audit verify --company NAME --entry {f.head_seq}
   which must print this same hash, or compare it with a later pack: a later trail must
   contain this one unchanged.

Good to know
------------
  - Text that a spreadsheet could take for a formula (starting with = + - @ | % or a tab) is
    shown with a leading apostrophe; nothing in the workbook is a live formula.
  - The files in uploads/ are byte for byte what was uploaded (that is what makes them
    evidence), so they were not made safe like the workbook: a cell may still hold a formula
    or a link. Open them in a text editor, or in a spreadsheet's protected (read-only) view.
  - Missing data never lowers a score: unknown sector, audit or goods add risk points.
  - Reference lists can be partial or dated; the Rule sets sheet gives each edition's caveats.
  - The crosswalk points to evidence; it is not legal advice and does not say whether the
    company complies.

Notes on this pack
------------------
{notes or "  - None."}
"""
