"""a store generation, bumped by triggers on every write a look-up's answer reads

Look-up workers keep answers and hotlists in memory (`scamgrid.store.generation`) for as long
as the store is unchanged. "Unchanged" is one row, `store_generation`, whose value triggers on
the look-up's source tables (reports, sightings, indicators, agencies) raise on every write
that can change an answer, whatever path wrote it (ingestion, the API, federation, STIX/MISP import,
persons, CDR flags, deletes by cascade). The bump commits with the write, so a reader that
reads the generation before the data never files newer data under an older generation.

On the `lookup` branch after 0011: on SQLite a batch rebuild of a table drops its triggers, so
this must run after 0011's rebuild of sightings (a later rebuild of these tables must recreate
them; tests/store/test_generation.py checks they exist after `upgrade`).

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None

# What can change an answer: a sighting in any way; a report, an indicator or an agency only by
# being changed or deleted (a new one is in no answer until a sighting names it, and that
# sighting's insert moves the generation). Fewer row triggers on SQLite's ingest path.
EVENTS = {
    "reports": ("UPDATE", "DELETE"),
    "sightings": ("INSERT", "UPDATE", "DELETE"),
    "indicators": ("UPDATE", "DELETE"),
    "agencies": ("UPDATE", "DELETE"),
}


def upgrade() -> None:
    op.create_table(
        "store_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_store_generation_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO store_generation (id, value) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        # Once per transaction, however many statements it runs: a transaction-local setting
        # (reverted with a rolled-back savepoint, like the update itself) remembers the bump.
        # Updating the one row per statement made a 10,000-report ingest 2.7x slower: every
        # update walks the row's versions written earlier in the same transaction.
        op.execute(
            "CREATE FUNCTION store_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF current_setting('scamgrid.generation_bumped', true) IS DISTINCT FROM '1' THEN "
            "UPDATE store_generation SET value = value + 1 WHERE id = 1; "
            "PERFORM set_config('scamgrid.generation_bumped', '1', true); "
            "END IF; RETURN NULL; END $$"
        )
        for table, events in EVENTS.items():
            op.execute(
                f"CREATE TRIGGER {table}_generation AFTER {' OR '.join(events)} OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION store_generation_bump()"
            )
        return
    # SQLite has row triggers only; the counter's page is already dirty after the first row.
    for table, events in EVENTS.items():
        for event in events:
            op.execute(
                f"CREATE TRIGGER {table}_generation_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_generation ON {table}")
        op.execute("DROP FUNCTION IF EXISTS store_generation_bump()")
    else:
        for table, events in EVENTS.items():
            for event in events:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_generation_{event.lower()}")
    op.drop_table("store_generation")
