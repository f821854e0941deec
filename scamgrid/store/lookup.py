"""Look-up: everything the asking party may see about one identifier, from any surface form."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from scamgrid import settings
from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import Identifier, clean, guess
from scamgrid.store import driver
from scamgrid.store.sets import member_of
from scamgrid.store.tables import Agency, Indicator, Report, Sighting
from scamgrid.store.visibility import Viewer, visible

MAX_REPORTS = 200
MAX_COOCCURRING = 50


@dataclass
class Sighted:
    report_id: str
    agency: str
    reported_at: datetime
    fraud_type: str
    marking: str
    raw: str


@dataclass
class Cooccurring:
    type: str
    value: str
    reports: int


@dataclass
class LookupResult:
    type: str
    value: str
    raw: str
    found: bool = False
    report_count: int = 0
    agencies: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    fraud_types: dict[str, int] = field(default_factory=dict)
    losses: dict[str, Decimal] = field(default_factory=dict)
    reports: list[Sighted] = field(default_factory=list)
    cooccurring: list[Cooccurring] = field(default_factory=list)


def identify(value: str, kind: str | None = None, country: str | None = None) -> Identifier:
    """Canonical identifier from a surface form; the type is guessed when not given."""
    country = country or settings.DEFAULT_COUNTRY.get() or None
    return clean(kind, value, country=country) if kind else guess(value, country=country)


_INDICATOR = select(Indicator.id).where(
    Indicator.type == bindparam("type"), Indicator.value == bindparam("value")
)
_INDICATOR_SQLITE = driver.for_sqlite(_INDICATOR)


@lru_cache(maxsize=512)
def _statements(viewer: Viewer) -> tuple[Any, Any]:  # two Select statements
    """The look-up's two queries for one viewer, built once: building costs more than running."""
    can_see = visible(viewer, Sighting.marking, Sighting.agency_id, Sighting.sharing_group_id)
    sightings = (
        select(
            Report.report_id,
            Agency.code,
            Report.reported_at,
            Report.fraud_type,
            Sighting.marking,  # the same as the report's, and read without passing its narrative
            Sighting.raw,
            Report.loss_amount,
            Report.loss_currency,
        )
        .join(Report, Report.id == Sighting.report_id)
        .join(Agency, Agency.id == Sighting.agency_id)
        .where(Sighting.indicator_id == bindparam("indicator"), can_see)
        .order_by(Report.reported_at.desc())
    )
    # Other identifiers seen in the same visible reports, most shared first. A report sees an
    # indicator once (uq_sighting_report_indicator), so count(*) is the number of reports: no
    # DISTINCT, and grouping on the id reads only the covering (report_id, indicator_id) index;
    # the 50 survivors are joined to their values last (0.97 -> 0.52 ms of SQLite CPU for a
    # syndicate's phone in 122 reports).
    mine = aliased(Sighting)
    other = aliased(Sighting)
    count = func.count().label("reports")
    shared = (
        select(other.indicator_id.label("id"), count)
        .select_from(mine)
        .join(other, other.report_id == mine.report_id)
        .where(
            mine.indicator_id == bindparam("indicator"),
            other.indicator_id != bindparam("indicator"),
            visible(viewer, mine.marking, mine.agency_id, mine.sharing_group_id),
        )
        .group_by(other.indicator_id)
        .subquery()
    )
    cooccurring = (
        select(Indicator.type, Indicator.value, shared.c.reports)
        .join(shared, shared.c.id == Indicator.id)
        .order_by(shared.c.reports.desc(), Indicator.type, Indicator.value)
        .limit(MAX_COOCCURRING)
    )
    return sightings, cooccurring


@lru_cache(maxsize=512)
def _driver_statements(viewer: Viewer) -> tuple[driver.DriverStatement, ...]:
    """The viewer's queries for SQLite's driver connection (scamgrid.store.driver): the SQL
    layer's work per statement and per row was a third of a stored value's look-up."""
    sightings, cooccurring = _statements(viewer)
    # The markings' and sharing groups' IN lists are rendered once, for any indicator.
    return (
        _INDICATOR_SQLITE,
        driver.for_sqlite(sightings, expand={"indicator": 0}),
        driver.for_sqlite(cooccurring, expand={"indicator": 0}),
    )


def _indicator_params(identifier: Identifier) -> dict[str, str]:
    return {"type": identifier.type.value, "value": identifier.value}


def stored(conn: sqlite3.Connection, identifier: Identifier) -> bool:
    """Does any agency's record hold this identifier? Whoever asks, an identifier that is not
    stored at all has the empty answer (`LookupResult` with nothing found).

    On the SQLite driver's connection (`LookupCache.read_here`): the event loop's own probe.
    """
    return bool(_INDICATOR_SQLITE.run(conn, _indicator_params(identifier)))


def lookup(
    session: Session | Connection | sqlite3.Connection, viewer: Viewer, identifier: Identifier
) -> LookupResult:
    """Everything `viewer` may see about `identifier`: on a session or connection, or on the
    SQLite driver's own connection (the event loop's, `LookupCache.read_here`)."""
    result = LookupResult(type=identifier.type.value, value=identifier.value, raw=identifier.raw)
    conn: Connection | None = None
    if isinstance(session, sqlite3.Connection):
        sqlite_conn: sqlite3.Connection | None = session
    else:
        # Core execution on the session's connection: the ORM's row loading costs ~0.3 ms a
        # query here and these rows are plain tuples anyway.
        conn = session.connection() if isinstance(session, Session) else session
        sqlite_conn = driver.of(conn)

    def rows(which: int, **params: Any) -> Sequence[Any]:
        """The rows of the indicator's (0), its sightings' (1) or co-occurring (2) query."""
        if sqlite_conn is not None:
            return _driver_statements(viewer)[which].run(sqlite_conn, params)
        assert conn is not None
        return conn.execute((_INDICATOR, *_statements(viewer))[which], params).all()

    found = rows(0, **_indicator_params(identifier))
    if not found:
        return result
    indicator_id = int(found[0][0])
    # Newest first, so the first and last rows are the last and first sightings.
    seen = rows(1, indicator=indicator_id)
    if not seen:
        return result
    for *_, amount, currency in seen:
        if amount is not None and currency:
            result.losses[currency] = result.losses.get(currency, Decimal(0)) + amount
    result.last_seen, result.first_seen = seen[0][2], seen[-1][2]
    result.reports = [Sighted(*row[:6]) for row in seen[:MAX_REPORTS]]
    fraud_types = Counter(row[3] for row in seen)
    agencies = {row[1] for row in seen}
    result.found = True
    result.report_count = len(seen)
    result.agencies = sorted(agencies)
    result.fraud_types = dict(fraud_types.most_common())
    shared = rows(2, indicator=indicator_id)
    result.cooccurring = [Cooccurring(t, v, n) for t, v, n in shared]
    return result


@dataclass(slots=True)
class BulkHit:
    input: str
    type: str | None
    value: str | None
    reported: bool = False
    report_count: int = 0
    fraud_types: dict[str, int] = field(default_factory=dict)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    error: str | None = None


E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _canonical(value: str, kind: str | None, country: str | None) -> tuple[str, str]:
    # A value already in canonical phone form needs no parsing to be matched: this keeps the
    # bulk path for operators (who send E.164) at a set lookup per value.
    if kind == "phone" and E164.match(value):
        return kind, value
    identifier = identify(value, kind, country)
    return identifier.type.value, identifier.value


@dataclass(frozen=True, slots=True)
class Tally:
    """Visible sightings of one indicator: how many, as what, first and last seen."""

    report_count: int
    fraud_types: dict[str, int]
    first_seen: datetime
    last_seen: datetime


class Tallies(NamedTuple):
    """A bulk look-up: per item its canonical (type, value) or why it is invalid, and the tally
    of each canonical value that was reported. No object per item beyond its key: at 10,000
    items a request, allocating one cost more than the queries."""

    keys: list[tuple[str, str] | str]
    found: dict[tuple[str, str], Tally]


def _canonical_keys(
    items: Sequence[tuple[str, str | None, str | None]],
) -> list[tuple[str, str] | str]:
    """Per item its canonical (type, value), or why it is invalid."""
    keys: list[tuple[str, str] | str] = []
    for raw, kind, country in items:
        try:
            keys.append(_canonical(raw, kind, country))
        except InvalidIdentifier as bad:
            keys.append(bad.reason)
    return keys


def _tally_query(viewer: Viewer, ids: list[int] | None, dialect: str) -> Any:
    """Visible sightings per indicator: count, first and last seen, fraud types as one string.

    Sightings carry their report's fraud type, so the tally reads one covering index; one
    group per indicator in index order (no sort), its fraud types gathered as one string:
    grouping by (indicator, fraud type) sorted every sighting and cost twice as much.
    """
    can_see = visible(viewer, Sighting.marking, Sighting.agency_id, Sighting.sharing_group_id)
    kinds = func.aggregate_strings(func.coalesce(Sighting.fraud_type, "other"), ",")
    query = select(
        Sighting.indicator_id,
        func.count(),
        func.min(Sighting.seen_at),
        func.max(Sighting.seen_at),
        kinds,
    ).where(can_see)
    if ids is not None:
        query = query.where(member_of(Sighting.indicator_id, ids, dialect))
    return query.group_by(Sighting.indicator_id)


def _tally(count: int, first: datetime, last: datetime, fraud_types: str) -> Tally:
    by_kind = sorted(Counter(fraud_types.split(",")).items())  # by name, as before
    return Tally(count, dict(by_kind), first, last)


def bulk_tallies(
    session: Session | Connection,
    viewer: Viewer,
    items: Sequence[tuple[str, str | None, str | None]],
) -> Tallies:
    """Look up many (value, type, country) at once: a few set-wise queries, not one per value."""
    conn = session.connection() if isinstance(session, Session) else session
    dialect = conn.dialect.name
    keys = _canonical_keys(items)
    by_type: dict[str, set[str]] = {}
    for key in keys:
        if not isinstance(key, str):
            by_type.setdefault(key[0], set()).add(key[1])
    known: dict[tuple[str, str], int] = {}
    for kind, values in by_type.items():
        query = select(Indicator.value, Indicator.id).where(
            Indicator.type == kind, member_of(Indicator.value, list(values), dialect)
        )
        known.update(((kind, value), pk) for value, pk in conn.execute(query))
    tallies: dict[int, Tally] = {}
    if known:
        counts = _tally_query(viewer, list(known.values()), dialect)
        for pk, count, first, last, fraud_types in conn.execute(counts):
            tallies[pk] = _tally(count, first, last, fraud_types)
    ids = {pk: key for key, pk in known.items()}
    return Tallies(keys, {ids[pk]: tally for pk, tally in tallies.items()})


TallyIndex = dict[tuple[str, str], Tally]


def tally_index(session: Session | Connection, viewer: Viewer) -> TallyIndex:
    """Every indicator `viewer` sees a sighting of, canonical (type, value) -> its tally.

    The in-memory hotlist behind bulk look-ups (`scamgrid.store.generation`): the same
    visibility-filtered tally as `bulk_tallies`, over the whole store at once.
    """
    conn = session.connection() if isinstance(session, Session) else session
    tallies = _tally_query(viewer, None, conn.dialect.name).subquery()
    query = select(Indicator.type, Indicator.value, *list(tallies.c)[1:]).join(
        tallies, tallies.c.indicator_id == Indicator.id
    )
    shared: dict[str, dict[str, int]] = {}  # equal fraud-type tallies, kept once
    index: TallyIndex = {}
    for kind, value, count, first, last, fraud_types in conn.execute(query):
        tally = _tally(count, first, last, fraud_types)
        by_kind = shared.setdefault(fraud_types, tally.fraud_types)
        index[(kind, value)] = Tally(count, by_kind, first, last)
    return index


def index_tallies(
    index: TallyIndex, items: Sequence[tuple[str, str | None, str | None]]
) -> Tallies:
    """`bulk_tallies` answered from a viewer's tally index, without a query."""
    keys = _canonical_keys(items)
    found: dict[tuple[str, str], Tally] = {}
    get = index.get
    for key in keys:
        if not isinstance(key, str) and (tally := get(key)) is not None:
            found[key] = tally
    return Tallies(keys, found)


def bulk_lookup(
    session: Session | Connection,
    viewer: Viewer,
    items: Sequence[tuple[str, str | None, str | None]],
) -> list[BulkHit]:
    """`bulk_tallies` as one BulkHit per item, in order."""
    hits = []
    keys, found = bulk_tallies(session, viewer, items)
    for (raw, kind, _), key in zip(items, keys, strict=True):
        if isinstance(key, str):
            hits.append(BulkHit(raw, kind, None, error=key))
        elif (tally := found.get(key)) is None:
            hits.append(BulkHit(raw, *key))
        else:
            hits.append(
                BulkHit(
                    raw,
                    *key,
                    True,
                    tally.report_count,
                    dict(tally.fraud_types),
                    tally.first_seen,
                    tally.last_seen,
                )
            )
    return hits
