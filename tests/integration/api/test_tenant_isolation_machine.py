"""Two companies act at random through the API (upload, list, read, record findings, add and
move actions, and try each other's ids). Invariants after every step: no answer to company X
holds an id that company Y owns; a request for Y's object answers 404 and changes nothing.

RELIABILITY.md goal 7. CI runs a short machine per database; ``SUPPLYCHAIN_ISOLATION_EXAMPLES=200``
and ``SUPPLYCHAIN_ISOLATION_STEPS=30`` run the full size by hand.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from supplychain.db.engine import Database
from supplychain.db.models import AuditEvent, CorrectiveAction, Finding, Supplier, Upload
from tests.integration.api.conftest import Api, bearer, make_tokens, supplier_csv
from tests.integration.conftest import Tenant

EXAMPLES = int(os.environ.get("SUPPLYCHAIN_ISOLATION_EXAMPLES", "6"))
STEPS = int(os.environ.get("SUPPLYCHAIN_ISOLATION_STEPS", "20"))
OWNED = {
    "uploads": Upload,
    "suppliers": Supplier,
    "findings": Finding,
    "actions": CorrectiveAction,
}
COUNTRIES = ("Bangladesh", "Ghana", "Peru", "Thailand", "Uzbekistan", "Viet Nam")
TENANTS = st.sampled_from(("a", "b"))


Ref = tuple[str, int]  # (tenant, id); id 0: nothing to refer to yet


class TwoCompanies(RuleBasedStateMachine):
    uploads = Bundle("uploads")
    suppliers = Bundle("suppliers")
    findings = Bundle("findings")
    actions = Bundle("actions")

    def __init__(self, app: Flask, db: Database, tenants: dict[str, Tenant]) -> None:
        super().__init__()
        self.db = db
        self.companies = {who: tenant.company_id for who, tenant in tenants.items()}
        self.apis = {  # fresh tokens: each example has its own upload rate-limit allowance
            who: Api(app.test_client(), make_tokens(db, tenant)["compliance"])
            for who, tenant in tenants.items()
        }
        self.last: tuple[str, str, Any] | None = None  # (tenant, kind, JSON answer) to check

    # -- actions ---------------------------------------------------------------------------
    @initialize(target=suppliers, seed=st.integers(0, 10**6))
    def both_companies_have_suppliers(self, seed: int) -> Any:
        """Each example starts with suppliers in both companies, so cross-company attempts
        on suppliers, findings and actions come early."""
        refs = []
        for who in ("a", "b"):
            self.upload(who, seed, 2)
            items = self.apis[who].get("/suppliers?per_page=100").json["items"]
            refs += [(who, item["id"]) for item in items[:3]]
        return multiple(*refs)

    @rule(target=uploads, who=TENANTS, seed=st.integers(0, 10**6), n=st.integers(1, 4))
    def upload(self, who: str, seed: int, n: int) -> Ref:
        rows = [
            (f"{who}-{seed}-{i}", f"Firm {seed} {i}", COUNTRIES[(seed + i) % 6], "", "", "", "")
            for i in range(n)
        ]
        answer = self.apis[who].upload(supplier_csv(rows), f"{seed}.csv")
        assert answer.status_code == 202, answer.json
        self.last = (who, "uploads", answer.json)
        return who, answer.json["id"]

    @rule(target=suppliers, who=TENANTS, tier=st.sampled_from(("", "low", "medium", "high")))
    def list_suppliers(self, who: str, tier: str) -> Ref:
        answer = self.apis[who].get(f"/suppliers?per_page=100&tier={tier}")
        assert answer.status_code == 200
        self.last = (who, "suppliers", answer.json)
        items = answer.json["items"]
        return who, items[0]["id"] if items else 0

    @rule(who=TENANTS)
    def list_findings(self, who: str) -> None:
        answer = self.apis[who].get("/findings")
        assert answer.status_code == 200
        self.last = (who, "findings", answer.json)

    @rule(target=findings, who=TENANTS, supplier=suppliers, indicator=st.integers(1, 11))
    def record_finding(self, who: str, supplier: Ref, indicator: int) -> Ref:
        body = {"supplier_id": supplier[1], "title": "Passports held", "severity": "major"}
        body["indicators"] = [indicator]
        return self._change(who, supplier, "findings", "post", "/findings", body)

    @rule(target=actions, who=TENANTS, finding=findings)
    def add_action(self, who: str, finding: Ref) -> Ref:
        body = {"title": "Return passports", "owner": "HR lead", "due_date": "2027-01-31"}
        path = f"/findings/{finding[1]}/actions"
        return self._change(who, finding, "actions", "post", path, body)

    @rule(who=TENANTS, action=actions)
    def start_action(self, who: str, action: Ref) -> None:
        path = f"/actions/{action[1]}"
        self._change(who, action, "actions", "patch", path, {"status": "in_progress"})

    @rule(who=TENANTS, upload=uploads)
    def read_upload(self, who: str, upload: Ref) -> None:
        self._read(who, "uploads", upload)

    @rule(who=TENANTS, supplier=suppliers)
    def read_supplier(self, who: str, supplier: Ref) -> None:
        self._read(who, "suppliers", supplier)

    @rule(who=TENANTS, finding=findings)
    def read_finding(self, who: str, finding: Ref) -> None:
        self._read(who, "findings", finding)

    # -- invariant -------------------------------------------------------------------------
    @invariant()
    def answers_hold_only_the_callers_ids(self) -> None:
        if self.last is None:
            return
        who, kind, answer = self.last
        for owned, ids in ids_by_kind(answer, kind).items():
            assert self._owners(owned, ids) <= {self.companies[who]}, (owned, ids, who)

    # -- helpers ---------------------------------------------------------------------------
    def _read(self, who: str, kind: str, ref: Ref) -> None:
        owner, object_id = ref
        self.last = None
        if not object_id:
            return
        answer = self.apis[who].get(f"/{kind}/{object_id}")
        assert answer.status_code == (200 if owner == who else 404), (kind, owner, who)
        if answer.status_code == 200:
            self.last = (who, kind, answer.json)

    def _change(self, who: str, on: Ref, kind: str, method: str, path: str, body: dict) -> Ref:
        """A change made on object ``on``: another company's object must give a 404 that
        changes nothing there. Returns the new object, if one was made."""
        self.last = None
        owner, object_id = on
        if not object_id:
            return who, 0
        other = "b" if who == "a" else "a"
        before = self._events(other)
        api = self.apis[who]
        send = getattr(api.client, method)
        answer = send(f"/api/v1{path}", headers=bearer(api.token), json=body)
        assert answer.status_code < 500, answer.json
        if owner != who:
            assert answer.status_code == 404, (path, answer.json)
        assert self._events(other) == before  # nothing happened in the other company
        if answer.status_code in (200, 201):
            self.last = (who, kind, answer.json)
        return who, answer.json["id"] if answer.status_code == 201 else 0

    def _events(self, who: str) -> int:
        company = self.companies[who]
        with self.db.reading() as s:
            return s.scalar(select(func.count()).where(AuditEvent.company_id == company))

    def _owners(self, kind: str, ids: set[int]) -> set[int]:
        model = OWNED[kind]
        with self.db.reading() as s:
            return set(s.scalars(select(model.company_id).where(model.id.in_(ids))))


def ids_by_kind(answer: Any, kind: str | None) -> dict[str, set[int]]:
    """The ids of owned objects an answer shows, by kind: ``id`` in an object of a known kind
    (the answer's own, a list under ``items``, or a nested list named for its kind), and the
    ``supplier_id``-style references."""
    found: dict[str, set[int]] = {}
    if isinstance(answer, list):
        for item in answer:
            _merge(found, ids_by_kind(item, kind))
    elif isinstance(answer, dict):
        for key, value in answer.items():
            reference = f"{key[:-3]}s" if key.endswith("_id") else None
            if key == "id" and kind and isinstance(value, int):
                found.setdefault(kind, set()).add(value)
            elif reference in OWNED and isinstance(value, int):
                found.setdefault(reference, set()).add(value)
            else:
                inner = kind if key == "items" else (key if key in OWNED else None)
                _merge(found, ids_by_kind(value, inner))
    return found


def _merge(into: dict[str, set[int]], more: dict[str, set[int]]) -> None:
    for kind, ids in more.items():
        into.setdefault(kind, set()).update(ids)


def test_two_companies_never_see_or_change_each_others_objects(
    app: Flask, db: Database, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    run_state_machine_as_test(
        lambda: TwoCompanies(app, db, {"a": tenant_a, "b": tenant_b}),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
