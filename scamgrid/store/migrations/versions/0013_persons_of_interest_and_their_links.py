"""persons of interest and their links to identifiers and reports

Suspects, recruiters, launderers, money mules and account holders (`scamgrid.cases.persons`),
owned and marked like every record, their personal data sealed; and links from them to
identifiers (holds, uses) and reports (named), each owned and marked by the agency asserting
it. A branch of its own from 0003, like the other capabilities.

Revision ID: 0013
Revises: 0003
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0003"
branch_labels = ("persons",)
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("sharing_group_id", sa.Integer(), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("share_names", sa.Boolean(), nullable=False),
        sa.Column("person_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"]),
        sa.ForeignKeyConstraint(["sharing_group_id"], ["sharing_groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("persons") as batch:
        batch.create_index("ix_persons_agency_id", ["agency_id"])
        batch.create_index("ix_persons_role", ["role"])
    op.create_table(
        "person_links",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("person_id", BIG_ID, nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", BIG_ID, nullable=True),
        sa.Column("report_id", BIG_ID, nullable=True),
        sa.Column("raw", sa.String(length=512), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(length=20), nullable=False),
        sa.Column("sharing_group_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"]),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"]),
        sa.ForeignKeyConstraint(["sharing_group_id"], ["sharing_groups.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_links") as batch:
        batch.create_index("ix_person_links_person_id", ["person_id"])
        batch.create_index("ix_person_links_indicator_id", ["indicator_id"])
        batch.create_index("ix_person_links_report_id", ["report_id"])
        batch.create_index("ix_person_links_agency_id", ["agency_id"])


def downgrade() -> None:
    op.drop_table("person_links")
    op.drop_table("persons")
