"""sightings carry their report's fraud type, under a covering tally index

Bulk look-ups count, per indicator, the visible sightings by fraud type. With the fraud type
on the sighting and one index over (indicator, marking, agency, group, fraud type, time) that
count is an index-only scan instead of a join to reports for every sighting: 6x less CPU on
the demo world, where a syndicate's phone sits in a hundred reports. The new index starts
with indicator_id, so it replaces ix_sightings_indicator.

Revision ID: 0011
Revises: 0003
Create Date: 2026-12-01 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0003"
branch_labels = ("lookup",)
depends_on = None

TALLY = ["indicator_id", "marking", "agency_id", "sharing_group_id", "fraud_type", "seen_at"]


def upgrade() -> None:
    with op.batch_alter_table("sightings") as batch:
        batch.add_column(sa.Column("fraud_type", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE sightings SET fraud_type = "
        "(SELECT reports.fraud_type FROM reports WHERE reports.id = sightings.report_id)"
    )
    op.drop_index("ix_sightings_indicator", table_name="sightings")
    op.create_index("ix_sightings_tally", "sightings", TALLY)


def downgrade() -> None:
    op.drop_index("ix_sightings_tally", table_name="sightings")
    op.create_index("ix_sightings_indicator", "sightings", ["indicator_id"])
    with op.batch_alter_table("sightings") as batch:
        batch.drop_column("fraud_type")
