"""All ORM models, imported here so Alembic and the app see the whole schema."""

from supplychain.db.base import Base
from supplychain.db.models.audit import AuditChainHead, AuditEvent
from supplychain.db.models.evidence import EvidencePack
from supplychain.db.models.jobs import Job
from supplychain.db.models.remediation import (
    ActionEvent,
    Attachment,
    CorrectiveAction,
    Finding,
    FindingIndicator,
    RemedyEntry,
    SupplierAudit,
)
from supplychain.db.models.scoring import (
    Assessment,
    EntityDecision,
    RuleFileContent,
    RuleHit,
    RulesetSnapshot,
)
from supplychain.db.models.suppliers import Supplier, SupplierRecord
from supplychain.db.models.tenancy import ROLES, ApiToken, Company, User
from supplychain.db.models.uploads import ColumnMappingPreset, Upload

__all__ = [
    "ROLES",
    "ActionEvent",
    "ApiToken",
    "Assessment",
    "Attachment",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "ColumnMappingPreset",
    "Company",
    "CorrectiveAction",
    "EntityDecision",
    "EvidencePack",
    "Finding",
    "FindingIndicator",
    "Job",
    "RemedyEntry",
    "RuleFileContent",
    "RuleHit",
    "RulesetSnapshot",
    "Supplier",
    "SupplierAudit",
    "SupplierRecord",
    "Upload",
    "User",
]
