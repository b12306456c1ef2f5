"""dashboard indexes

Indexes for the dashboards at 100k suppliers (bench/README_dashboards.md): the explorer's score
and name orders, one index covering the company's grouped aggregates (cube, filter options)
and country filters, the tier index extended to cover the goods by tier (read in near-id order),
and the remediation tables by company and status.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_suppliers_company_score", "suppliers", ["company_id", "score"]),
    ("ix_suppliers_company_name", "suppliers", ["company_id", "name"]),
    (
        "ix_suppliers_company_profile",
        "suppliers",
        [
            "company_id",
            "country",
            "sector",
            "risk_tier",
            "currency",
            "chain_tier",
            "annual_spend",
            "audit_date",
        ],
    ),
    ("ix_findings_company_status", "findings", ["company_id", "status"]),
    (
        "ix_corrective_actions_company_status",
        "corrective_actions",
        ["company_id", "status", "due_date"],
    ),
)


TIER_INDEX = "ix_suppliers_company_tier"


def upgrade() -> None:
    op.drop_index(TIER_INDEX, table_name="suppliers")
    op.create_index(TIER_INDEX, "suppliers", ["company_id", "risk_tier", "latest_record_id"])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index(TIER_INDEX, table_name="suppliers")
    op.create_index(TIER_INDEX, "suppliers", ["company_id", "risk_tier"])
