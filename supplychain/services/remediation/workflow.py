"""The corrective-action status workflow, as data (pure: no database, no clock)."""

from __future__ import annotations

from typing import Final

from supplychain.services.errors import Conflict, ServiceError

# from status -> {allowed next status: a reason is required}
TRANSITIONS: Final[dict[str, dict[str, bool]]] = {
    "open": {"in_progress": False, "escalated": True, "cancelled": True},
    "in_progress": {"pending_verification": False, "escalated": True, "cancelled": True},
    "pending_verification": {"verified_closed": False, "in_progress": True, "escalated": True},
    "escalated": {"in_progress": False, "cancelled": True},
    "verified_closed": {},
    "cancelled": {},
}
LABELS: Final[dict[str, str]] = {
    "open": "Open",
    "in_progress": "In progress",
    "pending_verification": "Pending verification",
    "verified_closed": "Verified and closed",
    "escalated": "Escalated",
    "cancelled": "Cancelled",
}
TERMINAL: Final[frozenset[str]] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
ACTIVE: Final[frozenset[str]] = frozenset(TRANSITIONS) - TERMINAL


def allowed_next(status: str) -> list[str]:
    """The statuses an action in ``status`` may move to, in the table's order."""
    return list(TRANSITIONS.get(status, {}))


def check_transition(current: str, target: str, reason: str | None) -> None:
    """Raise with a message naming from/to and the allowed next statuses when refused."""
    if target not in TRANSITIONS:
        raise ServiceError(f"Unknown status {target!r}; the statuses are {', '.join(TRANSITIONS)}.")
    nxt = TRANSITIONS.get(current, {})
    if target not in nxt:
        allowed = ", ".join(nxt) if nxt else f"none ({current} is final)"
        raise Conflict(
            f"An action cannot move from {current} to {target}; allowed next statuses: {allowed}."
        )
    if nxt[target] and not (reason or "").strip():
        raise Conflict(f"Moving an action from {current} to {target} needs a reason.")


def finding_closed(action_statuses: list[str]) -> bool:
    """A finding is verified closed when it has a verified action and every action that was
    not cancelled is verified and closed."""
    live = [s for s in action_statuses if s != "cancelled"]
    return bool(live) and all(s == "verified_closed" for s in live)
