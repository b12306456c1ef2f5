"""ruleset snapshots

The file hashes a rule set read (``assessments.file_hashes``, about 1.2 KB of JSON) are stored
once per distinct set in ``ruleset_snapshots`` and each assessment names its set by digest
(``snapshot_sha256``), instead of every assessment carrying its own copy.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 01:00:00
"""

import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplychain.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK_NAME = "fk_assessments_snapshot_sha256_ruleset_snapshots"


def _digest(files: dict[str, str]) -> str:
    """As supplychain.services.ruleset_snapshots.files_digest at the time of this migration."""
    canonical = json.dumps(files, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.create_table(
        "ruleset_snapshots",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_hashes", sa.JSON(), nullable=False),
        sa.Column("created_at", supplychain.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_ruleset_snapshots")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_sha256", sa.String(length=64), nullable=True))
    _move_hashes_to_snapshots()
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.alter_column("snapshot_sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f(FK_NAME), "ruleset_snapshots", ["snapshot_sha256"], ["sha256"]
        )
        batch_op.drop_column("file_hashes")


def _move_hashes_to_snapshots() -> None:
    """One snapshot per distinct stored hash set; each assessment points at its own."""
    conn = op.get_bind()
    as_text = sa.cast(sa.column("file_hashes"), sa.Text)
    assessments = sa.table("assessments", sa.column("file_hashes"), sa.column("snapshot_sha256"))
    snapshots = sa.table(
        "ruleset_snapshots",
        sa.column("sha256"),
        sa.column("file_hashes", sa.JSON),
        sa.column("created_at", supplychain.db.base.UTCDateTime(timezone=True)),
    )
    texts = conn.execute(sa.select(as_text).select_from(assessments).distinct()).scalars()
    created: set[str] = set()
    for text in list(texts):
        files = json.loads(text)
        digest = _digest(files)
        if digest not in created:
            conn.execute(
                snapshots.insert().values(
                    sha256=digest, file_hashes=files, created_at=supplychain.db.base.utcnow()
                )
            )
            created.add(digest)
        conn.execute(assessments.update().where(as_text == text).values(snapshot_sha256=digest))


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_hashes", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE assessments SET file_hashes = (SELECT s.file_hashes FROM ruleset_snapshots s "
        "WHERE s.sha256 = assessments.snapshot_sha256)"
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.alter_column("file_hashes", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint(batch_op.f(FK_NAME), type_="foreignkey")
        batch_op.drop_column("snapshot_sha256")
    op.drop_table("ruleset_snapshots")
