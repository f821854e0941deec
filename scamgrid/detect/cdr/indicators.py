"""Flagged numbers -> reports of the operator's agency, so look-ups and the link graph see them.

Each flagged number becomes one report owned by the operator's agency under its marking
(channel `call`, fraud type `other`), whose narrative carries the label, the score and the
evidence, and whose one indicator is the number: a sighting like any victim's report, so
`scamgrid lookup`, the bulk route and the link graph find it. One report per agency, number and
CDR source: scoring the same file again changes nothing (the report date is the files'
modification time, as for blocklists), and a number flagged in several windows has several.

The write is one audit event (`cdr.flag`, with the counts; no numbers, as for every event),
recorded after the ingest batches commit.

Numbers are kept even when libphonenumber calls them unallocated (`valid = false`): a number
that called thousands of subscribers exists, and a spoofed range is itself evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from scamgrid.detect.cdr.reader import CdrSource
from scamgrid.detect.cdr.scoring import Flagged
from scamgrid.errors import InvalidInput, NotFound
from scamgrid.ingest.load import IngestSummary, ingest_records
from scamgrid.ingest.reports import ReadOptions, RowError, validate_rows
from scamgrid.model.vocabulary import Channel, FraudType
from scamgrid.sharing import agencies, audit
from scamgrid.store import database
from scamgrid.store.tables import SharingGroup

NARRATIVE = "CDR analytics flagged {number} as {label} (score {score:.2f}) in {files}: {reasons}."


def report_id(agency: str, number: str, source: CdrSource) -> str:
    files = "|".join(sorted(f.name for f in source.files))
    digest = hashlib.sha256(f"{agency}|{number}|{files}".encode()).hexdigest()[:20]
    return f"CDR-{agency}-{digest}"


def check_owner(agency: str, sharing_group: str | None = None, url: str | None = None) -> None:
    """Fail before scoring, not after, when the owner agency or sharing group is unknown."""
    with database.session(url) as session:
        try:
            agencies.get_agency(session, agency)
        except NotFound:
            raise InvalidInput(
                f"--agency: unknown agency {agency!r} (add it with `scamgrid agency add`)"
            ) from None
        known = select(SharingGroup.id).where(SharingGroup.name == sharing_group)
        if sharing_group and session.scalar(known) is None:
            raise InvalidInput(f"--sharing-group: unknown sharing group {sharing_group!r}")


def report_rows(
    flagged: Sequence[Flagged],
    source: CdrSource,
    agency: str,
    marking: str | None = None,
    sharing_group: str | None = None,
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Report-shaped rows (DESIGN.md format), numbered from 1 in order of score."""
    agency = agency.upper()
    seen_at = max(f.stat().st_mtime for f in source.files)
    reported_at = datetime.fromtimestamp(seen_at, UTC).isoformat(timespec="seconds")
    files = ", ".join(f.name for f in source.files)
    for number, item in enumerate(flagged, start=1):
        row: dict[str, Any] = {
            "id": report_id(agency, item.number, source),
            "agency": agency,
            "country": source.country,
            "reported_at": reported_at,
            "channel": Channel.CALL.value,
            "fraud_type": FraudType.OTHER.value,
            "narrative": NARRATIVE.format(
                number=item.number,
                label=item.label,
                score=item.score,
                files=files,
                reasons="; ".join(item.reasons),
            ),
            "indicators": [{"type": "phone", "value": item.number, "country": source.country}],
        }
        if marking:
            row["marking"] = marking
        if sharing_group:
            row["sharing_group"] = sharing_group
        yield number, row


def store_flagged(
    flagged: Sequence[Flagged],
    source: CdrSource,
    agency: str,
    marking: str | None = None,
    sharing_group: str | None = None,
    url: str | None = None,
    actor: audit.Actor | None = None,
) -> IngestSummary:
    """Write the flagged numbers as reports of `agency` (default marking TLP:AMBER)."""
    label = ", ".join(str(f) for f in source.files)
    rows = report_rows(flagged, source, agency, marking, sharing_group)
    records = validate_rows(rows, f"flagged numbers of {label}", ReadOptions(keep_invalid=True))
    by = actor or audit.Actor("cdr", agency.upper())
    # Each written batch is audited as ingest.reports in its own transaction; cdr.flag sums
    # the run up (files, marking, counts) for whoever reads the trail.
    summary = ingest_records(records, label, f"cdr:{source.files[0].name}", url, actor=by)
    if summary.inserted or summary.updated:
        with database.session(url) as session:
            audit.record(
                session,
                by,
                "cdr.flag",
                "cdr",
                ", ".join(f.name for f in source.files),
                inserted=summary.inserted,
                updated=summary.updated,
                unchanged=summary.unchanged,
                rejected=summary.rejected,
                marking=marking or "TLP:AMBER",
            )
    return summary
