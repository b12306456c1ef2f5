"""Login, logout, the signed-in user and the role checks every view uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from supplychain.db.models import Company, User
from supplychain.services import accounts, audit
from supplychain.services.permissions import allowed
from supplychain.web.extensions import database, limiter, login_manager, settings

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class SignedInUser:
    """What a request knows about its user; the company always comes from here."""

    id: int
    company_id: int
    company_name: str
    email: str
    role: str
    session_version: int
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def can(self, capability: str) -> bool:
        return allowed(self.role, capability)


def signed_in(user: User, company: Company) -> SignedInUser:
    return SignedInUser(
        user.id, company.id, company.name, user.email, user.role, user.session_version
    )


@login_manager.user_loader
def load_user(token: str) -> SignedInUser | None:
    """Reload the user each request; a bumped session_version ends old sessions."""
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    with database().reading() as s:
        user = s.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return signed_in(user, s.get(Company, user.company_id))


def require(capability: str) -> Callable[[F], F]:
    """Login required, then the role must allow the capability (403 otherwise)."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(capability):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Mark a view as open to anonymous visitors (the access-matrix test reads the mark)."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def _login_limit() -> str:
    return settings().login_rate_limit


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=lambda: request.form.get("email", "").strip().lower() or "-",
)
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        with database().transaction() as s:
            user = accounts.authenticate(s, form.email.data or "", form.password.data or "")
            if user is not None:
                audit.record(s, user.company_id, user, "user.login", "user", user.id)
                me = signed_in(user, s.get(Company, user.company_id))
        if user is not None:
            session.clear()  # a fresh session on login: no fixation
            login_user(me)
            return redirect(_safe_next(request.args.get("next")))
        flash("Wrong e-mail or password, or the account is deactivated.", "error")
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@bp.route("/logout", methods=["POST"])
@require("read")
def logout() -> Any:
    with database().transaction() as s:
        user = s.get(User, current_user.id)
        if user is not None:
            user.session_version += 1  # every session of this user ends, on every device
            audit.record(s, user.company_id, user, "user.logout", "user", user.id)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("main.home")
