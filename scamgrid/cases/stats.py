"""Statistics drawn from the store, with markings respected: what one agency may see, counted.

Reports and losses, arrests (detained in operations), rescues (requests reaching `rescued`),
repatriations (returnees of batches), by country and month; the largest syndicates (reports
linked by shared identifiers); compounds by status. Every figure is a query through `visible`,
so an agency's statistics never count records it could not read one by one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import igraph
from sqlalchemy import ColumnElement, Integer, cast, func, select
from sqlalchemy.orm import Session

from scamgrid.cases.tables import (
    Compound,
    Operation,
    OperationResult,
    RepatriationBatch,
    RescueRequest,
    RescueTransition,
    Returnee,
)
from scamgrid.errors import InvalidInput
from scamgrid.store.tables import Indicator, Report, Sighting
from scamgrid.store.visibility import Viewer, visible

# Approximate reference rates to compare losses across currencies (USD per unit, early 2025);
# reports keep their own currency, these only add the columns up.
USD_PER_UNIT = {
    "USD": 1.0,
    "USDT": 1.0,
    "CNY": 0.137,
    "THB": 0.029,
    "VND": 0.000039,
    "MMK": 0.00048,
    "KHR": 0.00025,
    "LAK": 0.000046,
}
CENT = Decimal("0.01")
# An identifier in more reports than this is a hub (a bank's hotline, a platform), not a link.
HUB_REPORTS = 50


def parse_period(text: str) -> tuple[datetime, datetime]:
    """`YYYY-MM` as [first instant, first instant of the next month) in UTC."""
    try:
        start = datetime.strptime(text, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput(f"period: {text!r} is not YYYY-MM", field="period") from None
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end


def month_of(moment: datetime | date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def months_back(period: str, count: int) -> list[str]:
    year, month = map(int, period.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


@dataclass
class Table:
    """Counts by (month, country); `total` per month and per country, ready for charts."""

    cells: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def add(self, month: str, country: str | None, value: float = 1) -> None:
        self.cells[(month, country or "??")] += value

    def by_month(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for (month, _), value in self.cells.items():
            out[month] += value
        return dict(sorted(out.items()))

    def by_country(self, month: str | None = None) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for (m, country), value in self.cells.items():
            if month is None or m == month:
                out[country] += value
        return dict(sorted(out.items(), key=lambda item: (-item[1], item[0])))

    def as_dict(self) -> dict[str, Any]:
        nested: dict[str, dict[str, float]] = defaultdict(dict)
        for (month, country), value in sorted(self.cells.items()):
            nested[month][country] = round(value, 2)
        return dict(nested)


@dataclass
class Statistics:
    reports: Table
    losses_usd: Table
    losses: dict[str, Decimal]  # by currency
    arrests: Table
    released: Table
    rescues: Table
    repatriations: Table
    compounds: dict[str, int]
    syndicates: list[dict[str, Any]]
    rescue_status: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports.as_dict(),
            "losses_usd": self.losses_usd.as_dict(),
            "losses_by_currency": {k: float(v) for k, v in sorted(self.losses.items())},
            "arrests": self.arrests.as_dict(),
            "released": self.released.as_dict(),
            "rescues": self.rescues.as_dict(),
            "repatriations": self.repatriations.as_dict(),
            "compounds_by_status": self.compounds,
            "rescue_requests_by_status": self.rescue_status,
            "top_syndicates": self.syndicates,
        }


def _between(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    where = []
    if since is not None:
        where.append(column >= since)
    if until is not None:
        where.append(column < until)
    return where


def _dates_between(
    column: Any, since: datetime | None, until: datetime | None
) -> list[ColumnElement[bool]]:
    return _between(column, since.date() if since else None, until.date() if until else None)


def _month(session: Session, column: Any) -> ColumnElement[str]:
    """`YYYY-MM` of a UTC timestamp column, computed by the database (for GROUP BY)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)  # SQLite keeps UTC times as ISO text


def _cents(session: Session, column: Any) -> ColumnElement[Any]:
    """Exact sum of a money column in cents: NUMERIC on PostgreSQL, integers on SQLite (which
    keeps NUMERIC as floating point, whose sum over many rows would drift by fractions of a
    cent)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.sum(column * 100)
    return func.sum(cast(func.round(column * 100), Integer))


def collect(
    session: Session,
    viewer: Viewer,
    since: datetime | None = None,
    until: datetime | None = None,
    top: int = 10,
) -> Statistics:
    reports, losses_usd = Table(), Table()
    losses: dict[str, Decimal] = defaultdict(Decimal)
    month = _month(session, Report.reported_at)
    rows = session.execute(
        select(
            month,
            Report.country,
            Report.loss_currency,
            func.count(),
            _cents(session, Report.loss_amount),
        )
        .where(
            visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id),
            *_between(Report.reported_at, since, until),
        )
        .group_by(month, Report.country, Report.loss_currency)
    )
    for at, country, currency, count, cents in rows:
        reports.add(at, country, count)
        if cents is not None and currency:
            amount = (Decimal(cents) / 100).quantize(CENT)
            losses[currency] += amount
            losses_usd.add(at, country, float(amount) * USD_PER_UNIT.get(currency, 0.0))

    arrests, released = Table(), Table()
    for started, outcome, nationality, count in session.execute(
        select(
            Operation.started_on,
            OperationResult.outcome,
            OperationResult.nationality,
            OperationResult.count,
        )
        .join(OperationResult, OperationResult.operation_id == Operation.id)
        .where(
            visible(viewer, Operation.marking, Operation.agency_id, Operation.sharing_group_id),
            *_dates_between(Operation.started_on, since, until),
        )
    ):
        (arrests if outcome == "detained" else released).add(month_of(started), nationality, count)

    rescues = Table()
    request_visible = visible(
        viewer, RescueRequest.marking, RescueRequest.agency_id, RescueRequest.sharing_group_id
    )
    for rescued_at, rescued_nationality in session.execute(
        select(RescueTransition.at, RescueRequest.nationality)
        .join(RescueRequest, RescueRequest.id == RescueTransition.request_id)
        .where(
            RescueTransition.to_status == "rescued",
            RescueRequest.duplicate_of_id.is_(None),
            request_visible,
            *_between(RescueTransition.at, since, until),
        )
    ):
        rescues.add(month_of(rescued_at), rescued_nationality)

    repatriations = Table()
    for arrived, returned_nationality, returned in session.execute(
        select(RepatriationBatch.arrived_on, Returnee.nationality, func.count())
        .join(Returnee, Returnee.batch_id == RepatriationBatch.id)
        .where(
            visible(
                viewer,
                RepatriationBatch.marking,
                RepatriationBatch.agency_id,
                RepatriationBatch.sharing_group_id,
            ),
            *_dates_between(RepatriationBatch.arrived_on, since, until),
        )
        .group_by(RepatriationBatch.arrived_on, Returnee.nationality)
    ):
        repatriations.add(month_of(arrived), returned_nationality, returned)

    compounds = {
        status: count
        for status, count in session.execute(
            select(Compound.status, func.count())
            .where(visible(viewer, Compound.marking, Compound.agency_id, Compound.sharing_group_id))
            .group_by(Compound.status)
            .order_by(Compound.status)
        )
    }
    rescue_status = {
        status: count
        for status, count in session.execute(
            select(RescueRequest.status, func.count())
            .where(request_visible)
            .group_by(RescueRequest.status)
            .order_by(RescueRequest.status)
        )
    }
    return Statistics(
        reports,
        losses_usd,
        dict(losses),
        arrests,
        released,
        rescues,
        repatriations,
        compounds,
        top_syndicates(session, viewer, since, until, top),
        rescue_status,
    )


def top_syndicates(
    session: Session,
    viewer: Viewer,
    since: datetime | None = None,
    until: datetime | None = None,
    top: int = 10,
) -> list[dict[str, Any]]:
    """The largest groups of visible reports linked by shared identifiers (hubs left out).

    Only identifiers in 2 to HUB_REPORTS visible reports link anything, so the database picks
    those first (grouped over the sightings' own marking columns, from their covering index)
    and only their sightings are read; a report linked to none is a group of one, never listed.
    """
    seen = visible(viewer, Sighting.marking, Sighting.agency_id, Sighting.sharing_group_id)
    dated = _between(Report.reported_at, since, until)

    def sightings(*columns: Any) -> Any:
        query = select(*columns).where(seen)
        if dated:
            query = query.join(Report, Report.id == Sighting.report_id).where(*dated)
        return query

    linking = (
        sightings(Sighting.indicator_id)
        .group_by(Sighting.indicator_id)
        .having(func.count() > 1, func.count() <= HUB_REPORTS)
    )
    rows = session.execute(
        sightings(Sighting.report_id, Sighting.indicator_id)
        .where(Sighting.indicator_id.in_(linking.scalar_subquery()))
        .order_by(Sighting.indicator_id, Sighting.report_id)
    ).all()
    by_indicator: dict[int, list[int]] = defaultdict(list)
    for report, indicator in rows:
        by_indicator[indicator].append(report)
    reports = sorted({r for r, _ in rows})
    position = {r: i for i, r in enumerate(reports)}
    edges: list[tuple[int, int]] = []
    for members in by_indicator.values():
        first = position[members[0]]
        edges.extend((first, position[m]) for m in members[1:])
    graph = igraph.Graph(n=len(reports), edges=edges)
    clusters = sorted(graph.connected_components(), key=len, reverse=True)[:top]
    out = []
    for rank, members in enumerate(clusters, start=1):
        if len(members) < 2:
            break
        ids = [reports[m] for m in members]
        key = session.execute(
            select(Indicator.type, Indicator.value, func.count())
            .join(Sighting, Sighting.indicator_id == Indicator.id)
            .where(Sighting.report_id.in_(ids))
            .group_by(Indicator.type, Indicator.value)
            .order_by(func.count().desc(), Indicator.value)
            .limit(1)
        ).first()
        out.append(
            {
                "rank": rank,
                "reports": len(members),
                "key_identifier": f"{key[0]}:{key[1]}" if key else None,
            }
        )
    return out
