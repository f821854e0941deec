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


# Columns are added in place, never by rebuilding the table: on SQLite a rebuild drops the old
# table, and with foreign keys on that deletes every compound's links and events by cascade.
# The placeholder default fills the new NOT NULL column until the backfill below replaces it.
PLACEHOLDER = "1970-01-01 00:00:00+00:00"


def _version(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=PLACEHOLDER)


def upgrade() -> None:
    op.add_column("compounds", _version("updated_at"))
    op.add_column("compounds", sa.Column("origin_node", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE compounds SET updated_at = COALESCE((SELECT MAX(compound_events.at) "
        "FROM compound_events WHERE compound_events.compound_id = compounds.id), created_at)"
    )
    op.execute("UPDATE compounds SET updated_at = created_at WHERE updated_at < created_at")
    op.create_index("ix_compounds_updated_at", "compounds", ["updated_at"])
    op.add_column("compound_links", _version("updated_at"))
    op.execute(
        "UPDATE compound_links SET updated_at = (SELECT compounds.created_at FROM compounds "
        "WHERE compounds.id = compound_links.compound_id)"
    )
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot drop a default in place
        op.alter_column("compounds", "updated_at", server_default=None)
        op.alter_column("compound_links", "updated_at", server_default=None)


def downgrade() -> None:
    op.drop_column("compound_links", "updated_at")
    op.drop_index("ix_compounds_updated_at", table_name="compounds")
    op.drop_column("compounds", "origin_node")
    op.drop_column("compounds", "updated_at")
