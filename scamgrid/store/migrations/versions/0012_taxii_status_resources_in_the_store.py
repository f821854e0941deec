"""TAXII status resources in the store, with an expiry

A status resource was kept in the memory of the process that took the objects, so behind
several workers (`scamgrid serve --workers N`) a client polling its status reached another
process and got 404. It is now a row that every process reads, removed once expired.

Revision ID: 0012
Revises: 0003
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0003"
branch_labels = ("taxii_status",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxii_statuses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_taxii_statuses_expires_at", "taxii_statuses", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_taxii_statuses_expires_at", table_name="taxii_statuses")
    op.drop_table("taxii_statuses")
