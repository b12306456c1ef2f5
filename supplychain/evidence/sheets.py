"""The sheets of the evidence workbook, in tab order: generated names and their columns.

Row mappings handed to the pack writer use the column keys below; unknown keys are ignored.
Times are UTC.
"""

from __future__ import annotations

from supplychain.evidence.workbook import Column, Sheet


def _sheet(name: str, *columns: tuple[str, str, int]) -> Sheet:
    return Sheet(name, tuple(Column(key, header, width) for key, header, width in columns))


SUMMARY = _sheet("Summary", ("item", "Item", 46), ("value", "Value", 80))
CROSSWALK = _sheet(
    "Crosswalk",
    ("law", "Law", 34),
    ("citation", "Citation", 40),
    ("element", "Required element", 50),
    ("reference", "Provision", 22),
    ("pack", "Where in this pack", 44),
    ("status", "Status", 18),
    ("evidence", "Evidence in the pack", 44),
    ("missing", "What is missing", 60),
)
RULE_SETS = _sheet(
    "Rule sets",
    ("rulesets", "Used by rule set (id@version)", 26),
    ("path", "File", 46),
    ("recorded_sha256", "SHA-256 recorded when scoring", 66),
    ("current_sha256", "SHA-256 of the file in this pack", 66),
    ("status", "Check", 30),
    ("kind", "Dataset", 22),
    ("edition", "Edition", 18),
    ("title", "Title", 44),
    ("publisher", "Publisher", 34),
    ("public_address", "Public address", 40),
    ("licence", "Licence", 24),
    ("confidence", "Confidence", 16),
    ("partial", "Partial", 9),
    ("caveats", "Caveats", 80),
)
SUPPLIERS = _sheet(
    "Suppliers",
    ("supplier_id", "Supplier id (platform)", 12),
    ("supplier_ref", "Supplier id (company)", 18),
    ("name", "Name", 40),
    ("country", "Country", 9),
    ("sector", "Sector", 18),
    ("supply_chain_tier", "Supply-chain tier", 10),
    ("audit_date", "Last audit", 12),
    ("audit_result", "Audit result", 12),
    ("assessment_id", "Assessment id", 12),
    ("assessed_at", "Assessed at (UTC)", 19),
    ("as_of", "Reference data as of", 12),
    ("score", "Score (0-100)", 10),
    ("tier", "Risk tier", 10),
    ("confidence", "Confidence (0-1)", 10),
    ("ruleset", "Rule set", 18),
    ("upload_id", "From upload", 10),
    ("row_number", "Row in upload", 10),
)
RULE_HITS = _sheet(
    "Rule hits",
    ("supplier_id", "Supplier id (platform)", 12),
    ("supplier_name", "Supplier", 36),
    ("assessment_id", "Assessment id", 12),
    ("rule", "Rule", 26),
    ("points", "Points", 8),
    ("reason", "Reason", 70),
    ("source", "Public source", 70),
    ("detail", "Detail", 50),
)
FINDINGS = _sheet(
    "Findings",
    ("finding_id", "Finding id", 10),
    ("supplier_id", "Supplier id (platform)", 12),
    ("supplier_name", "Supplier", 36),
    ("title", "Title", 40),
    ("description", "Description", 60),
    ("severity", "Severity", 10),
    ("indicators", "ILO forced-labour indicators", 40),
    ("source_type", "Source type", 12),
    ("source_ref", "Source reference", 30),
    ("found_on", "Found on", 12),
    ("status", "Status", 10),
    ("created_at", "Recorded at (UTC)", 19),
    ("verified_closed_at", "Verified closed at (UTC)", 19),
)
ACTIONS = _sheet(
    "Actions",
    ("action_id", "Action id", 10),
    ("finding_id", "Finding id", 10),
    ("title", "Title", 40),
    ("description", "Description", 60),
    ("owner", "Owner", 26),
    ("due_date", "Due", 12),
    ("status", "Status at the end of the period", 18),
    ("created_at", "Opened at (UTC)", 19),
    ("closed_at", "Closed at (UTC)", 19),
    ("cancel_reason", "Cancel reason", 40),
)
ACTION_HISTORY = _sheet(
    "Action history",
    ("action_id", "Action id", 10),
    ("at", "At (UTC)", 19),
    ("kind", "Kind", 10),
    ("from_status", "From", 16),
    ("to_status", "To", 16),
    ("comment", "Comment", 70),
    ("actor", "By", 30),
)
REMEDY = _sheet(
    "Worker remedy",
    ("remedy_id", "Remedy id", 10),
    ("finding_id", "Finding id", 10),
    ("supplier_id", "Supplier id (platform)", 12),
    ("kind", "Kind", 18),
    ("workers_affected", "Workers affected", 10),
    ("amount_owed", "Owed", 12),
    ("amount_repaid", "Repaid", 12),
    ("currency", "Currency", 9),
    ("paid_on", "Paid on", 12),
    ("verified_at", "Verified at (UTC)", 19),
    ("notes", "Notes", 50),
    ("created_at", "Recorded at (UTC)", 19),
)
UPLOADS = _sheet(
    "Uploads",
    ("upload_id", "Upload id", 10),
    ("file_name", "File name as uploaded", 36),
    ("entry", "File in this pack", 30),
    ("sha256", "SHA-256 of the uploaded file", 66),
    ("format", "Format", 8),
    ("status", "Import status", 12),
    ("rows_total", "Rows", 9),
    ("rows_valid", "Valid rows", 9),
    ("rows_invalid", "Invalid rows", 9),
    ("rows_imported", "Imported rows", 9),
    ("uploaded_by", "Uploaded by", 30),
    ("uploaded_at", "Uploaded at (UTC)", 19),
    ("note", "Note", 70),
)
AUDIT = _sheet(
    "Audit trail",
    ("seq", "Seq", 8),
    ("occurred_at", "At (UTC)", 21),
    ("actor", "Actor", 30),
    ("action", "Action", 26),
    ("object_type", "Object", 16),
    ("object_id", "Object id", 10),
    ("details", "Details", 70),
    ("prev_hash", "Previous hash", 66),
    ("hash", "Hash", 66),
)
ORDER = (
    SUMMARY,
    CROSSWALK,
    RULE_SETS,
    SUPPLIERS,
    RULE_HITS,
    FINDINGS,
    ACTIONS,
    ACTION_HISTORY,
    REMEDY,
    UPLOADS,
    AUDIT,
)
