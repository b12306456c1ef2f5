"""Companies, users, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from supplychain.db.base import utcnow
from supplychain.db.models import ROLES, ApiToken, AuditChainHead, Company, User
from supplychain.evidence.chain import GENESIS
from supplychain.services import audit
from supplychain.services.errors import Conflict, NotFound, ServiceError

if TYPE_CHECKING:
    from supplychain.db.engine import Database

TOKEN_USE_PRECISION = timedelta(minutes=5)  # how stale a token's "last used" may be

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
# Verified against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("no-such-user-password")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def add_company(session: Session, name: str, actor: audit.Actor = None) -> Company:
    name = name.strip()
    if not name:
        raise ServiceError("A company needs a name.")
    if session.scalar(select(Company).where(func.lower(Company.name) == name.lower())):
        raise Conflict(f"A company named {name!r} already exists.")
    company = Company(name=name)
    session.add(company)
    session.flush()
    session.add(AuditChainHead(company_id=company.id, seq=0, hash=GENESIS))
    audit.record(
        session, company.id, actor, "company.created", "company", company.id, {"name": name}
    )
    return company


def company_by_name(session: Session, name: str) -> Company:
    company = session.scalar(select(Company).where(func.lower(Company.name) == name.lower()))
    if company is None:
        raise NotFound(f"No company named {name!r}; create it with `supplychain company add`.")
    return company


def add_user(
    session: Session,
    company: Company,
    email: str,
    role: str,
    password: str,
    actor: audit.Actor = None,
) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    if "@" not in email:
        raise ServiceError(f"{email!r} is not an e-mail address.")
    if session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"A user with the e-mail {email} already exists.")
    user = User(
        company_id=company.id, email=email, role=role, password_hash=hash_password(password)
    )
    session.add(user)
    session.flush()
    audit.record(
        session, company.id, actor, "user.created", "user", user.id, {"email": email, "role": role}
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with that e-mail and password, else None (same cost either way)."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def user_by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"No user with the e-mail {email}.")
    return user


def set_password(session: Session, user: User, password: str, actor: audit.Actor) -> None:
    user.password_hash = hash_password(password)
    user.session_version += 1
    audit.record(session, user.company_id, actor, "user.password_changed", "user", user.id)


def set_role(session: Session, user: User, role: str, actor: audit.Actor) -> None:
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    old, user.role = user.role, role
    user.session_version += 1
    audit.record(
        session,
        user.company_id,
        actor,
        "user.role_changed",
        "user",
        user.id,
        {"from": old, "to": role},
    )


def set_active(session: Session, user: User, active: bool, actor: audit.Actor) -> None:
    user.active = active
    user.session_version += 1
    action = "user.activated" if active else "user.deactivated"
    audit.record(session, user.company_id, actor, action, "user", user.id)


def create_token(
    session: Session, user: User, name: str = "", actor: audit.Actor = None
) -> tuple[ApiToken, str]:
    """A new token; the clear text is returned once and never stored."""
    clear = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken(
        company_id=user.company_id,
        user_id=user.id,
        name=name,
        token_hash=_token_digest(clear),
        prefix=clear[:8],
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        user.company_id,
        actor or user,
        "token.created",
        "api_token",
        token.id,
        {"user": user.email, "name": name},
    )
    return token, clear


def revoke_token(session: Session, token: ApiToken, actor: audit.Actor) -> None:
    token.revoked_at = utcnow()
    audit.record(session, token.company_id, actor, "token.revoked", "api_token", token.id)


def token_lookup(clear: str) -> Select[tuple[ApiToken]]:
    return select(ApiToken).where(ApiToken.token_hash == _token_digest(clear))


def user_for_token(session: Session, clear: str) -> User | None:
    found = _live_token(session, clear)
    return found[1] if found else None


def bearer_user(db: Database, clear: str) -> tuple[User, Company] | None:
    """The active user behind an API token, and their company. The token's last use is written
    at most every few minutes, so an API read does not turn into a database write each time."""
    with db.reading() as s:
        found = _live_token(s, clear)
        if found is None:
            return None
        token, user = found
        company = s.get(Company, user.company_id)
    last = token.last_used_at
    if last is None or utcnow() - last >= TOKEN_USE_PRECISION:
        with db.transaction() as s:
            stamp = update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=utcnow())
            s.execute(stamp)
    return user, company


def _live_token(session: Session, clear: str) -> tuple[ApiToken, User] | None:
    token = session.scalar(token_lookup(clear))
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    return (token, user) if user is not None and user.active else None


def _token_digest(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()
