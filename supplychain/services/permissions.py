"""Who may do what: the role matrix of INTERFACES.md, as data."""

from __future__ import annotations

from typing import Final

ALL_ROLES: Final = frozenset({"admin", "compliance", "executive", "auditor"})

CAPABILITIES: Final[dict[str, frozenset[str]]] = {
    "manage_users": frozenset({"admin"}),
    "upload": frozenset({"admin", "compliance"}),
    "remediate": frozenset({"admin", "compliance"}),
    "decide_matches": frozenset({"admin", "compliance"}),
    "read": ALL_ROLES,
    "evidence": frozenset({"admin", "compliance", "auditor"}),
    "audit_trail": frozenset({"admin", "auditor"}),
}


def allowed(role: str, capability: str) -> bool:
    return role in CAPABILITIES[capability]
