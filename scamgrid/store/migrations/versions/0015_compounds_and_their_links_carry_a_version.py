"""compounds and their links carry a version, and a compound copy its origin node

Compounds travel between nodes over TAXII (`federation sync`). So that an edit travels too, a
compound carries `updated_at` (moved by every status change and new link) and each compound
link the time it was made; a copy received from a peer names its origin node (`origin_node`,
none for a compound recorded here), which is its provenance and keeps it from being edited from
anywhere but its origin. On the cases branch, after the compounds' own revision.

Revision ID: 0015
Revises: 0006
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("compounds") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("origin_node", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE compounds SET updated_at = COALESCE((SELECT MAX(compound_events.at) "
        "FROM compound_events WHERE compound_events.compound_id = compounds.id), created_at)"
    )
    op.execute("UPDATE compounds SET updated_at = created_at WHERE updated_at < created_at")
    with op.batch_alter_table("compounds") as batch:
        batch.alter_column("updated_at", nullable=False)
        batch.create_index("ix_compounds_updated_at", ["updated_at"])
    with op.batch_alter_table("compound_links") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE compound_links SET updated_at = (SELECT compounds.created_at FROM compounds "
        "WHERE compounds.id = compound_links.compound_id)"
    )
    with op.batch_alter_table("compound_links") as batch:
        batch.alter_column("updated_at", nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("compound_links") as batch:
        batch.drop_column("updated_at")
    with op.batch_alter_table("compounds") as batch:
        batch.drop_index("ix_compounds_updated_at")
        batch.drop_column("origin_node")
        batch.drop_column("updated_at")
