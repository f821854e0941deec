"""What a node shares, as STIX objects in pages: for `share export`, TAXII and federation.

One ordered stream per scope: the fixed objects (our extension, TLP markings, agencies), then
reports and revocations by the time they were added to this node, and for a TAXII collection
(`Scope.context`) compounds and persons of interest with their ties by their versions
(records.py). A position in the stream is
(date added, kind, row id), so a page boundary never splits or skips records that share a
timestamp, and a cut-off reader resumes exactly where it stopped.

Markings are enforced here: only what the viewer may see (store.visibility) and never RED or
AMBER+STRICT, whoever asks.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.orm import Session

from scamgrid import settings
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing.federation.tables import ReportOrigin, Revocation
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import records
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.store.tables import (
    Agency,
    Indicator,
    Report,
    SharingGroup,
    SharingGroupMember,
    Sighting,
)
from scamgrid.store.visibility import OPEN_MARKINGS, Viewer, visible

FIXED, REPORT, REVOCATION, COMPOUND, PERSON = 0, 1, 2, 3, 4
EPOCH = datetime(2022, 10, 1, tzinfo=UTC)
_CHUNK = 500

Position = tuple[datetime, int, int]


@dataclass(frozen=True)
class Scope:
    """Which records: what `viewer` may see, narrowed to a group, an agency's open feed, etc."""

    viewer: Viewer
    group_id: int | None = None  # records of this sharing group
    agency_id: int | None = None  # records owned by this agency
    open_only: bool = False  # CLEAR and GREEN only
    local_only: bool = False  # only records that originated on this node (what it pushes)
    context: bool = False  # compounds and persons too (TAXII collections; files add context.py)


@dataclass
class Entry:
    added: datetime
    kind: int
    pk: int
    objects: list[dict[str, Any]]

    @property
    def position(self) -> Position:
        return (self.added, self.kind, self.pk)


@dataclass
class Page:
    entries: list[Entry] = field(default_factory=list)
    more: bool = False

    @property
    def objects(self) -> list[dict[str, Any]]:
        return [obj for entry in self.entries for obj in entry.objects]

    @property
    def next_token(self) -> str | None:
        return encode_position(self.entries[-1].position) if self.more and self.entries else None


def encode_position(position: Position) -> str:
    added, kind, pk = position
    text = f"{added.astimezone(UTC).isoformat()}|{kind}|{pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_position(token: str) -> Position:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        added, kind, pk = text.split("|")
        return (datetime.fromisoformat(added).astimezone(UTC), int(kind), int(pk))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(f"next: {token!r} is not a page token of this server") from None


def after(column: Any, pk: Any, kind: int, position: Position | None) -> ColumnElement[bool]:
    """SQL for (column, kind, pk) > position."""
    if position is None:
        return true()
    added, at_kind, at_pk = position
    if kind > at_kind:
        return column >= added
    if kind < at_kind:
        return column > added
    return or_(column > added, and_(column == added, pk > at_pk))


def shared(scope: Scope, marking: Any, agency: Any, group: Any) -> list[ColumnElement[bool]]:
    """SQL conditions for a record of `scope`: visible to its viewer, never RED/AMBER+STRICT."""
    conditions = [visible(scope.viewer, marking, agency, group), marking.not_in(v.NEVER_SHARED)]
    if scope.group_id is not None:
        conditions.append(group == scope.group_id)
    if scope.agency_id is not None:
        conditions.append(agency == scope.agency_id)
    if scope.open_only:
        conditions.append(marking.in_(OPEN_MARKINGS))
    return conditions


class Source:
    """Reads one scope of the store as pages of STIX objects."""

    def __init__(self, session: Session, scope: Scope, node: str | None = None) -> None:
        self.session = session
        self.scope = scope
        self.node = node or settings.NODE_NAME.get()
        self._agencies = {
            a.id: a for a in session.scalars(select(Agency))
        }  # a node has dozens of agencies, not millions
        self._groups = dict(session.execute(select(SharingGroup.id, SharingGroup.name)).all())
        members: dict[int, list[str]] = defaultdict(list)
        for group_id, agency_id in session.execute(
            select(SharingGroupMember.group_id, SharingGroupMember.agency_id)
        ):
            members[group_id].append(self._agencies[agency_id].code)
        self._members = {g: sorted(m) for g, m in members.items()}

    def agency_code(self, agency_id: int) -> str:
        return self._agencies[agency_id].code

    def group_name(self, group_id: int | None) -> str | None:
        return self._groups.get(group_id or -1)

    def group_members(self, group_id: int | None) -> list[str]:
        return self._members.get(group_id or -1, [])

    def fixed_entries(self) -> list[Entry]:
        shared = [m for m in Marking if m.value not in v.NEVER_SHARED]
        entries = [
            Entry(EPOCH, FIXED, 1, [v.platform_identity()]),
            Entry(EPOCH, FIXED, 2, [v.extension_definition()]),
            *(Entry(EPOCH, FIXED, 10 + i, [v.tlp_definition(m)]) for i, m in enumerate(shared)),
        ]
        for agency in sorted(self._agencies.values(), key=lambda a: a.id):
            added = agency.created_at.astimezone(UTC)
            identity = o.identity(agency.code, agency.name, agency.country, added)
            entries.append(Entry(added, FIXED, 1000 + agency.id, [identity]))
        return sorted(entries, key=lambda e: e.position)

    def page(
        self,
        limit: int,
        added_after: datetime | None = None,
        position: Position | None = None,
    ) -> Page:
        """Up to `limit` objects (at least one whole report) after `position`."""
        rows = max(1, min(limit // 4, 5000))
        candidates: list[Entry] = [
            e
            for e in self.fixed_entries()
            if (added_after is None or e.added > added_after)
            and (position is None or e.position > position)
        ]
        kinds = [
            self._reports(rows, added_after, position),
            self._revocations(rows, added_after, position),
            records.compound_entries(self, rows, added_after, position),
            records.person_entries(self, rows, added_after, position),
        ]
        truncated = any(len(found) > rows for found in kinds)
        # Entries beyond the shortest cut list's last one may miss rows of the other kinds.
        horizon = min(
            [found[rows - 1].position for found in kinds if len(found) > rows],
            default=None,
        )
        candidates += [entry for found in kinds for entry in found[:rows]]
        candidates.sort(key=lambda e: e.position)
        if horizon is not None:
            candidates = [e for e in candidates if e.position <= horizon]
        page = Page()
        count = 0
        for entry in candidates:
            if page.entries and count + len(entry.objects) > limit:
                page.more = True
                break
            page.entries.append(entry)
            count += len(entry.objects)
        else:
            page.more = truncated
        return page

    def pages(self, limit: int = 2000, added_after: datetime | None = None) -> Iterator[Page]:
        position: Position | None = None
        while True:
            page = self.page(limit, added_after, position)
            if page.entries:
                yield page
            if not page.more or not page.entries:
                return
            position = page.entries[-1].position

    def report_entry(self, pk: int) -> Entry | None:
        """The objects of one report, if it is in scope."""
        found = self._reports(1, None, None, only=pk)
        return found[0] if found else None

    def _reports(
        self,
        rows: int,
        added_after: datetime | None,
        position: Position | None,
        only: int | None = None,
    ) -> list[Entry]:
        query = select(Report).where(
            *shared(self.scope, Report.marking, Report.agency_id, Report.sharing_group_id),
            after(Report.updated_at, Report.id, REPORT, position),
        )
        if added_after is not None:
            query = query.where(Report.updated_at > added_after)
        if only is not None:
            query = query.where(Report.id == only)
        if self.scope.local_only:
            query = query.where(Report.id.not_in(select(ReportOrigin.report_id)))
        found = list(
            self.session.scalars(query.order_by(Report.updated_at, Report.id).limit(rows + 1))
        )
        if not found:
            return []
        pks = [r.id for r in found]
        indicators: dict[int, list[o.IndicatorView]] = defaultdict(list)
        origins: dict[int, tuple[str, datetime]] = {}
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start : start + _CHUNK]
            for report_pk, kind, value, raw, ok, country in self.session.execute(
                select(
                    Sighting.report_id,
                    Indicator.type,
                    Indicator.value,
                    Sighting.raw,
                    Indicator.valid,
                    Indicator.country,
                )
                .join(Indicator, Indicator.id == Sighting.indicator_id)
                .where(Sighting.report_id.in_(chunk))
                .order_by(Sighting.id)
            ):
                indicators[report_pk].append(o.IndicatorView(kind, value, raw, ok, country))
            for report_pk, node, modified in self.session.execute(
                select(
                    ReportOrigin.report_id, ReportOrigin.origin_node, ReportOrigin.modified
                ).where(ReportOrigin.report_id.in_(chunk))
            ):
                origins[report_pk] = (node, modified)
        entries = []
        for report in found:
            node, modified = origins.get(report.id, (self.node, report.updated_at))
            view = o.ReportView(
                report_id=report.report_id,
                agency=self._agencies[report.agency_id].code,
                country=report.country,
                reported_at=report.reported_at,
                channel=report.channel,
                fraud_type=report.fraud_type,
                loss_amount=report.loss_amount,
                loss_currency=report.loss_currency,
                narrative=report.narrative,
                marking=report.marking,
                sharing_group=self._groups.get(report.sharing_group_id or -1),
                group_members=self._members.get(report.sharing_group_id or -1, []),
                modified=modified,
                origin_node=node,
                indicators=indicators.get(report.id, []),
            )
            added = report.updated_at.astimezone(UTC)
            entries.append(Entry(added, REPORT, report.id, o.report_objects(view)))
        return entries

    def _revocations(
        self, rows: int, added_after: datetime | None, position: Position | None
    ) -> list[Entry]:
        query = select(Revocation).where(
            *shared(
                self.scope, Revocation.marking, Revocation.agency_id, Revocation.sharing_group_id
            ),
            after(Revocation.revoked_at, Revocation.id, REVOCATION, position),
        )
        if added_after is not None:
            query = query.where(Revocation.revoked_at > added_after)
        if self.scope.local_only:
            query = query.where(Revocation.origin_node == self.node)
        found = self.session.scalars(
            query.order_by(Revocation.revoked_at, Revocation.id).limit(rows + 1)
        )
        return [
            Entry(r.revoked_at.astimezone(UTC), REVOCATION, r.id, orjson.loads(r.objects))
            for r in found
        ]
