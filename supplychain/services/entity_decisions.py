"""Entity-list match decisions: a person confirms a match, or dismisses it as a false positive.

A decision is kept per company, supplier key, listed entity and list edition. The scoring core
reads the company's decisions on every upload and rescore, so a decision is reused on later
uploads of the same supplier; a decision under another edition no longer applies, so the match is
re-opened when the list edition changes. Deciding re-scores the supplier at once, under the rule
set of its latest assessment, so its page shows the new score and tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplychain.config import Settings
from supplychain.db.base import utcnow
from supplychain.db.models import EntityDecision, RuleHit, Supplier, User
from supplychain.services import audit, suppliers
from supplychain.services.errors import Forbidden, NotFound, ServiceError
from supplychain.services.permissions import allowed
from supplychain.services.remediation.rescore import rescore

STATUSES: Final = ("confirmed", "dismissed")
ENTITY_RULES: Final = "entity_list."
MAX_REASON: Final = 2000


@dataclass(frozen=True)
class NewDecision:
    """What a person decided about one listed entity matched to one supplier."""

    supplier_id: int
    entity: str
    status: str
    reason: str = ""
    edition: str | None = None  # default: the edition of the supplier's current match


def decide(
    s: Session, settings: Settings, company_id: int, actor: User, new: NewDecision
) -> dict[str, Any]:
    """Record (or change) the decision, audit it and re-score the supplier.

    Returns the decision and the supplier's new score and tier."""
    if actor.company_id != company_id:
        raise NotFound(f"No supplier {new.supplier_id}.")
    if not allowed(actor.role, "decide_matches"):
        raise Forbidden("Only compliance users and admins may decide entity-list matches.")
    supplier = suppliers.get(s, company_id, new.supplier_id)
    s.refresh(supplier, with_for_update=True)  # two people deciding at once: one waits
    status, reason = _checked(new)
    entity = new.entity.strip()
    edition = _edition(s, supplier, entity, new.edition)
    row = _find(s, supplier, entity, edition)
    previous = {"status": row.status, "reason": row.reason} if row else None
    if row is None:
        row = EntityDecision(
            company_id=company_id, supplier_key=supplier.key, entity=entity, edition=edition
        )
        s.add(row)
    row.status, row.reason, row.decided_by_id, row.decided_at = status, reason, actor.id, utcnow()
    s.flush()
    audit.record(
        s,
        company_id,
        actor,
        "entity_match.decided",
        "supplier",
        supplier.id,
        {"entity": entity, "edition": edition, "status": status, "reason": reason}
        | {"previous": previous},
    )
    change = rescore(s, settings, company_id, [supplier.id], cause=f"entity match {status}")
    return {
        "decision": decision_dict(row, supplier, actor.email),
        "score": change[supplier.id]["score"],
        "tier": change[supplier.id]["tier"],
        "previous_tier": change[supplier.id]["previous_tier"],
    }


def _checked(new: NewDecision) -> tuple[str, str]:
    if new.status not in STATUSES:
        raise ServiceError("status must be confirmed or dismissed.")
    if not new.entity.strip():
        raise ServiceError("Name the listed entity the decision is about.")
    reason = new.reason.strip()
    if new.status == "dismissed" and not reason:
        raise ServiceError("Give a reason for dismissing a match as a false positive.")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"The reason is longer than {MAX_REASON} characters.")
    return new.status, reason


def _edition(s: Session, supplier: Supplier, entity: str, wanted: str | None) -> str:
    """The list edition the decision is about: one under which the supplier's latest assessment
    matched the entity, or one it was already decided under (a dismissed match has no hit)."""
    current = current_matches(s, supplier).get(entity, set())
    known = current | {d.edition for d in _decisions_of(s, supplier) if d.entity == entity}
    if wanted is not None:
        if wanted not in known:
            raise NotFound(f"No match of {entity!r} under edition {wanted!r} for this supplier.")
        return wanted
    choices = current or known
    if not choices:
        raise NotFound(f"No entity-list match of {entity!r} for this supplier.")
    if len(choices) > 1:
        raise ServiceError(f"Say which edition: {entity!r} matched under {sorted(choices)}.")
    return next(iter(choices))


def current_matches(s: Session, supplier: Supplier) -> dict[str, set[str]]:
    """Listed entity -> the list editions under which the latest assessment matched it."""
    if supplier.latest_assessment_id is None:
        return {}
    stmt = select(RuleHit.detail).where(
        RuleHit.assessment_id == supplier.latest_assessment_id,
        RuleHit.rule.startswith(ENTITY_RULES),
    )
    found: dict[str, set[str]] = {}
    for detail in s.scalars(stmt):
        if detail and detail.get("entity") and detail.get("edition"):
            found.setdefault(str(detail["entity"]), set()).add(str(detail["edition"]))
    return found


def _find(s: Session, supplier: Supplier, entity: str, edition: str) -> EntityDecision | None:
    return s.scalar(
        select(EntityDecision).where(
            EntityDecision.company_id == supplier.company_id,
            EntityDecision.supplier_key == supplier.key,
            EntityDecision.entity == entity,
            EntityDecision.edition == edition,
        )
    )


def _decisions_of(s: Session, supplier: Supplier) -> list[EntityDecision]:
    stmt = select(EntityDecision).where(
        EntityDecision.company_id == supplier.company_id,
        EntityDecision.supplier_key == supplier.key,
    )
    return list(s.scalars(stmt.order_by(EntityDecision.id)))


def for_supplier(s: Session, company_id: int, supplier_id: int) -> list[dict[str, Any]]:
    """The supplier's decisions, newest first, each saying whether the list edition has moved on
    (``reopened_by``: the edition of the current match that no decision covers yet)."""
    supplier = suppliers.get(s, company_id, supplier_id)
    matches = current_matches(s, supplier)
    rows = _decisions_of(s, supplier)
    decided = {(d.entity, d.edition) for d in rows}
    emails = _emails(s, [d.decided_by_id for d in rows])
    out = []
    for d in sorted(rows, key=lambda d: (d.decided_at, d.id), reverse=True):
        newer = sorted(e for e in matches.get(d.entity, ()) if (d.entity, e) not in decided)
        item = decision_dict(d, supplier, emails.get(d.decided_by_id, ""))
        out.append(item | {"reopened_by": newer[-1] if newer else None})
    return out


def list_decisions(s: Session, company_id: int) -> list[dict[str, Any]]:
    """Every decision of the company with its supplier, who decided and when; newest first."""
    stmt = (
        select(EntityDecision, Supplier, User.email)
        .join(
            Supplier,
            (Supplier.company_id == EntityDecision.company_id)
            & (Supplier.key == EntityDecision.supplier_key),
        )
        .outerjoin(User, User.id == EntityDecision.decided_by_id)
        .where(EntityDecision.company_id == company_id)
        .order_by(EntityDecision.decided_at.desc(), EntityDecision.id.desc())
    )
    return [decision_dict(d, supplier, email or "") for d, supplier, email in s.execute(stmt)]


def _emails(s: Session, ids: list[int | None]) -> dict[int | None, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(s.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())


def decision_dict(d: EntityDecision, supplier: Supplier, decided_by: str) -> dict[str, Any]:
    return {
        "id": d.id,
        "supplier_id": supplier.id,
        "supplier": supplier.name,
        "entity": d.entity,
        "edition": d.edition,
        "status": d.status,
        "reason": d.reason,
        "decided_by": decided_by,
        "decided_at": d.decided_at.isoformat(),
    }


def hit_matches(
    hits: list[dict[str, Any]], decisions: list[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """Per stored hit (in order): for an entity-list hit, the entity, edition, the decision
    under that edition and the latest one under another (re-opened); None for other hits."""
    out: list[dict[str, Any] | None] = []
    for hit in hits:
        detail = hit.get("detail") or {}
        if not hit["rule"].startswith(ENTITY_RULES) or not detail.get("entity"):
            out.append(None)
            continue
        entity, edition = str(detail["entity"]), str(detail.get("edition", ""))
        same = [d for d in decisions if d["entity"] == entity]
        out.append(
            {
                "entity": entity,
                "edition": edition,
                "decision": next((d for d in same if d["edition"] == edition), None),
                "earlier": next((d for d in same if d["edition"] != edition), None),
            }
        )
    return out


def supplier_by_ref(s: Session, company_id: int, ref: str) -> Supplier:
    """A supplier named the way a person knows it: its supplier ID from the spreadsheet, or else
    the number this system gave it."""
    found = s.scalar(
        select(Supplier).where(Supplier.company_id == company_id, Supplier.supplier_ref == ref)
    )
    if found is None and ref.isascii() and ref.isdigit() and int(ref) < 2**31:
        found = s.get(Supplier, int(ref))
    if found is None or found.company_id != company_id:
        raise NotFound(f"No supplier {ref!r} in this company.")
    return found
