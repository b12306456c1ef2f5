"""Users, roles and API tokens of the company (admins), and changing one's own password (anyone).

Passwords generated for new users and clear API tokens are shown once, in the response to the
POST that made them: never flashed (the session cookie is signed, not encrypted) nor stored.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms.fields.choices import SelectChoice

from supplychain.db.models import ApiToken, Company, User
from supplychain.services import accounts
from supplychain.services.errors import NotFound, ServiceError
from supplychain.web.auth import require, signed_in
from supplychain.web.extensions import database, limiter, settings
from supplychain.web.forms import InviteForm, PasswordForm, RoleForm, TokenForm

bp = Blueprint("admin", __name__)


def _company_user(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None or user.company_id != current_user.company_id:
        raise NotFound(f"No user {user_id}.")
    return user


def _me(s: Session) -> User:
    return s.get(User, current_user.id)


def _shown_once(page: Any) -> Any:
    """A page holding a secret: not cached anywhere."""
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/admin/users")
@require("manage_users")
def users(invite: InviteForm | None = None, status: int = 200) -> Any:
    with database().reading() as s:
        rows = s.scalars(
            select(User).where(User.company_id == current_user.company_id).order_by(User.email)
        ).all()
    page = render_template(
        "admin/users.html", users=rows, invite=invite or InviteForm(), role_form=RoleForm()
    )
    return page, status


@bp.route("/admin/users", methods=["POST"])
@require("manage_users")
def invite() -> Any:
    form = InviteForm()
    if not form.validate_on_submit():
        return users(form, 400)
    generated = form.password_mode.data == "generate"
    password = secrets.token_urlsafe(12) if generated else form.password.data
    try:
        with database().transaction() as s:
            company = s.get(Company, current_user.company_id)
            created = accounts.add_user(
                s, company, form.email.data or "", form.role.data, password, actor=_me(s)
            )
    except ServiceError as exc:
        flash(exc.message, "error")
        return users(form, exc.status)
    page = render_template(
        "admin/invited.html",
        user=created,
        password=password if generated else None,
    )
    return _shown_once(page)


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@require("manage_users")
def change_role(user_id: int) -> Any:
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles.", "error")
        return redirect(url_for(".users"))
    with database().transaction() as s:
        user = _company_user(s, user_id)
        if user.id == current_user.id:
            flash("You cannot change your own role; ask another admin.", "error")
        elif user.role != form.role.data:
            accounts.set_role(s, user, form.role.data, _me(s))
            flash(f"{user.email} is now {form.role.data}; their sessions were ended.", "info")
    return redirect(url_for(".users"))


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@require("manage_users")
def change_active(user_id: int) -> Any:
    with database().transaction() as s:
        user = _company_user(s, user_id)
        if user.id == current_user.id:
            flash("You cannot deactivate yourself; ask another admin.", "error")
        else:
            accounts.set_active(s, user, not user.active, _me(s))
            state = "reactivated" if user.active else "deactivated; their sessions were ended"
            flash(f"{user.email} was {state}.", "info")
    return redirect(url_for(".users"))


@bp.route("/admin/tokens")
@require("manage_users")
def tokens(form: TokenForm | None = None, status: int = 200) -> Any:
    with database().reading() as s:
        rows = s.execute(
            select(ApiToken, User.email)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.company_id == current_user.company_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        ).all()
        form = form or TokenForm()
        form.user_id.choices = _active_users(s)
    return render_template("admin/tokens.html", tokens=rows, form=form), status


def _active_users(s: Session) -> list[SelectChoice]:
    stmt = (
        select(User.id, User.email)
        .where(User.company_id == current_user.company_id, User.active.is_(True))
        .order_by(User.email)
    )
    return [SelectChoice(uid, email) for uid, email in s.execute(stmt)]


@bp.route("/admin/tokens", methods=["POST"])
@require("manage_users")
def create_token() -> Any:
    form = TokenForm()
    with database().reading() as s:
        form.user_id.choices = _active_users(s)
    if not form.validate_on_submit():
        return tokens(form, 400)
    with database().transaction() as s:
        owner = _company_user(s, form.user_id.data)
        token, clear = accounts.create_token(s, owner, form.name.data or "", actor=_me(s))
        shown = {"name": token.name, "prefix": token.prefix, "user": owner.email}
    return _shown_once(render_template("admin/token_created.html", token=shown, clear=clear))


@bp.route("/admin/tokens/<int:token_id>/revoke", methods=["POST"])
@require("manage_users")
def revoke_token(token_id: int) -> Any:
    with database().transaction() as s:
        token = s.get(ApiToken, token_id)
        if token is None or token.company_id != current_user.company_id:
            raise NotFound(f"No API token {token_id}.")
        if token.revoked_at is None:
            accounts.revoke_token(s, token, _me(s))
            flash(f"Token {token.prefix}… ({token.name or 'unnamed'}) was revoked.", "info")
    return redirect(url_for(".tokens"))


def _password_limit() -> str:
    return settings().login_rate_limit


@bp.route("/account/password", methods=["GET", "POST"])
@require("read")
@limiter.limit(_password_limit, methods=["POST"])
def password() -> Any:
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("admin/password.html", form=form), 400 if form.errors else 200
    with database().transaction() as s:
        me = accounts.authenticate(s, current_user.email, form.current.data or "")
        if me is None:
            form.current.errors = ["That is not your current password."]
            return render_template("admin/password.html", form=form), 400
        accounts.set_password(s, me, form.new.data or "", me)
        fresh = signed_in(me, s.get(Company, me.company_id))
    session.clear()  # every other session of this user has ended; this one starts afresh
    login_user(fresh)
    flash("Your password was changed; you were signed out everywhere else.", "info")
    return redirect(url_for("main.home"))
