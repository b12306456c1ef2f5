"""rule file contents

The bytes of every rule and reference file that scored, stored once per sha256, so an evidence
pack ships the exact files behind its scores even after the files on the server changed.
Assessments scored before this revision keep their hashes only (packs then copy the server's
current file and say whether it still matches).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplychain.db.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_file_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", supplychain.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_rule_file_contents")),
    )


def downgrade() -> None:
    op.drop_table("rule_file_contents")
