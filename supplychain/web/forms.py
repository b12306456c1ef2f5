"""The web forms: uploads and column mapping, supplier filters, users, tokens and passwords.

Every POST form carries the CSRF token (Flask-WTF); GET filter forms switch CSRF off because
they change nothing.
"""

from __future__ import annotations

from typing import Final

from flask import flash
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from supplychain.db.models import ROLES
from supplychain.domain.fields import FIELDS, FIELDS_BY_NAME, REQUIRED_FIELDS, TIERS
from supplychain.services.accounts import MIN_PASSWORD_LENGTH
from supplychain.services.suppliers import SORTABLE

IGNORE: Final = ""
FIELD_CHOICES: Final[list[SelectChoice]] = [
    SelectChoice(IGNORE, "— ignore (not scored) —"),
    *(SelectChoice(f.name, f"{f.label}{' (required)' if f.required else ''}") for f in FIELDS),
]
ROLE_CHOICES: Final[list[SelectChoice]] = [SelectChoice(r, r.capitalize()) for r in ROLES]
UPLOAD_EXTENSIONS: Final = ".xlsx,.xlsm,.xls,.ods,.csv"


def flash_errors(form: FlaskForm) -> None:
    """Show each of a refused form's messages at the top of the next page."""
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class UploadForm(FlaskForm):
    file = FileField("Supplier spreadsheet", validators=[FileRequired("Choose a file to upload.")])
    sheet = StringField(
        "Sheet (optional)", validators=[Optional(), Length(max=255)], filters=[_strip]
    )
    strict = BooleanField("Strict: import nothing if any row is invalid")


class MappingForm(FlaskForm):
    """One select per spreadsheet column; the headers themselves come from the stored preview."""

    fields = FieldList(SelectField(choices=FIELD_CHOICES, validate_choice=True))
    action = HiddenField(default="preview")  # set by the button pressed: preview or confirm

    def wants_confirm(self) -> bool:
        return self.action.data == "confirm"

    def mapping(self, headers: list[str]) -> dict[str, str]:
        """The posted choices as {header: field or ""}; raises ValidationError when unusable."""
        chosen = [entry.data or IGNORE for entry in self.fields]
        if len(chosen) != len(headers):
            raise ValidationError("The form does not match the file's columns; reload the page.")
        taken: dict[str, str] = {}
        for header, field in zip(headers, chosen, strict=True):
            if field and field in taken:
                raise ValidationError(
                    f"Columns {taken[field]!r} and {header!r} are both mapped to {_label(field)}; "
                    "map one of them to another field or ignore it."
                )
            taken.setdefault(field, header)
        missing = [_label(f) for f in REQUIRED_FIELDS if f not in taken]
        if missing:
            raise ValidationError(f"Map a column to {' and '.join(missing)} (required).")
        return dict(zip(headers, chosen, strict=True))


class SupplierFilterForm(FlaskForm):
    """The supplier table's query string: filters, sort and page."""

    class Meta:
        csrf = False

    tier = SelectField(
        "Tier",
        choices=[SelectChoice("", "All tiers"), *(SelectChoice(t, t.capitalize()) for t in TIERS)],
        default="",
    )
    country = SelectField("Country", choices=[SelectChoice("", "All countries")], default="")
    q = StringField("Search name or supplier ID", validators=[Optional(), Length(max=100)])
    sort = SelectField("Sort", choices=[SelectChoice(k, k) for k in SORTABLE], default="score")
    dir = RadioField(
        "Direction",
        choices=[SelectChoice("desc", "desc"), SelectChoice("asc", "asc")],
        default="desc",
    )
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


class InviteForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="compliance")
    password_mode = RadioField(
        "Password",
        choices=[
            SelectChoice("generate", "Generate a one-time password (shown once)"),
            SelectChoice("set", "Set a password"),
        ],
        default="generate",
    )
    password = PasswordField("Password to set", validators=[Length(max=200)])

    def validate_password(self, field: PasswordField) -> None:
        if self.password_mode.data == "set" and len(field.data or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(f"Use at least {MIN_PASSWORD_LENGTH} characters.")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(MIN_PASSWORD_LENGTH, 200, f"Use at least {MIN_PASSWORD_LENGTH} characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat the new password", validators=[EqualTo("new", "The passwords differ.")]
    )


class TokenForm(FlaskForm):
    user_id = SelectField("For user", coerce=int, choices=[])
    name = StringField(
        "Name (what the token is for)",
        validators=[
            DataRequired(),
            Length(max=100),
            Regexp(r"^[^\x00-\x1f]*$", message="No control characters."),
        ],
    )


def _label(field: str) -> str:
    return FIELDS_BY_NAME[field].label
