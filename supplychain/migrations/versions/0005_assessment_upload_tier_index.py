"""assessment upload index with tier and supplier

The dashboards' tier mix counts each upload's assessments by tier: with the tier (and the
supplier, for supplier filters) in the upload index it is read from the index alone, in upload
and tier order, on SQLite and PostgreSQL (bench/README_dashboards.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 00:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_assessments_upload_id"


def upgrade() -> None:
    op.drop_index(INDEX, table_name="assessments")
    op.create_index(INDEX, "assessments", ["upload_id", "tier", "supplier_id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="assessments")
    op.create_index(INDEX, "assessments", ["upload_id"])
