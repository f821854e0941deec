"""Fake job ads found by an agency's check become `job_lure` indicators in the store and graph.

A job lure feeds human trafficking into scam compounds, so its contact points matter beyond
the one message: every handle and number in an ad the detector calls `fake_job` is written as a
report of the checking agency (fraud type job_task, the ad as narrative, source `check:lure`),
with a sighting of each, and each of those identifiers is labelled `job_lure`. The link graph
reads sightings and labels, so a lure's handles join every report and compound that shares
them. The report id comes from the ad's text key, so checking the same ad again writes nothing.

Labels are node-wide reference data, so they are set only from CLEAR or GREEN lure reports
(the default is GREEN: a job ad is a public post); an AMBER or RED lure gets its report and
sightings, visible as marked, but no label that would betray it. The public check never writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.detect.text.check import Verdict
from scamgrid.detect.text.corpus import message_key
from scamgrid.errors import InvalidInput
from scamgrid.ingest.reports import ReadOptions, RowInvalid, to_record
from scamgrid.model.vocabulary import FraudType, IdentifierType, Marking, TextLabel
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter
from scamgrid.store.tables import Indicator, IndicatorLabel, Report
from scamgrid.store.visibility import Viewer

LURE_LABEL = "job_lure"
LURE_SOURCE = "check:lure"
LURE_NOTE = "contact point in a fake job ad found by a text check"
LURE_FRAUD_TYPE = FraudType.JOB_TASK
CONTACT_TYPES = frozenset(
    {
        IdentifierType.PHONE,
        IdentifierType.EMAIL,
        IdentifierType.TELEGRAM,
        IdentifierType.WECHAT,
        IdentifierType.LINE,
        IdentifierType.WHATSAPP,
        IdentifierType.FACEBOOK,
    }
)
LABELLED_MARKINGS = frozenset({Marking.CLEAR.value, Marking.GREEN.value})


def lure_report_id(agency: str, text: str) -> str:
    return f"LURE-{agency}-{message_key(text)[:20]}"


def record_lures(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    texts: Sequence[str],
    verdicts: Sequence[Verdict],
    marking: str = Marking.GREEN.value,
    channel: str = "social",
) -> list[str]:
    """Write the lures among `verdicts` (with at least one contact point) for the viewer's
    agency; returns their report ids, in message order, each once."""
    agency = viewer.agency_code
    if agency is None:
        return []
    written: list[str] = []
    for text, verdict in zip(texts, verdicts, strict=True):
        contacts = [i for i in verdict.indicators if i.type in CONTACT_TYPES]
        if verdict.label is not TextLabel.FAKE_JOB or not contacts:
            continue
        report_id = lure_report_id(agency, text)
        if report_id in written:
            continue
        written.append(report_id)
        if session.scalar(select(Report.id).where(Report.report_id == report_id)):
            continue
        row: dict[str, Any] = {
            "id": report_id,
            "agency": agency,
            "reported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "channel": channel,
            "fraud_type": LURE_FRAUD_TYPE.value,
            "marking": marking,
            "narrative": text,
            "indicators": [{"type": i.type, "value": i.value} for i in contacts],
        }
        try:
            record = to_record(row, 1, ReadOptions())
        except RowInvalid as bad:
            raise InvalidInput(f"lure {report_id}: {bad.field}: {bad.reason}") from None
        writer = ReportWriter(KeyRing.load(), source=LURE_SOURCE)
        connection = session.connection()
        writer.load_names(connection)
        result = writer.write(connection, [record], "(check)")
        if result.errors:
            error = result.errors[0]
            raise InvalidInput(f"lure {report_id}: {error.field}: {error.reason}")
        if record.marking in LABELLED_MARKINGS:
            _label(session, [(str(i.type), i.value) for i in contacts])
        audit.record(session, actor, "lure.record", "report", report_id, indicators=len(contacts))
    return written


def _label(session: Session, values: list[tuple[str, str]]) -> None:
    for kind, value in values:
        indicator_id = session.scalar(
            select(Indicator.id).where(Indicator.type == kind, Indicator.value == value)
        )
        if indicator_id is None:
            continue
        if session.get(IndicatorLabel, (indicator_id, LURE_LABEL)) is None:
            session.add(IndicatorLabel(indicator_id=indicator_id, label=LURE_LABEL, note=LURE_NOTE))
    session.flush()
