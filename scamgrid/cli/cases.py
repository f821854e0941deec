"""Casework commands: compounds, rescue requests, repatriation batches, watch lists, operations,
statistics and the situation report.

Writes act for one agency (`--agency`), as the node's operator (`cli:<user>` in the audit trail);
reads see what `--as-agency` may see, or the whole node without it.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import typer
from sqlalchemy.orm import Session

from scamgrid.cases import (
    compounds,
    evaluation,
    handover,
    operations,
    repatriation,
    rescues,
    situation,
    stats,
    watchlists,
)
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.errors import InvalidInput
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency

AS_AGENCY = typer.Option(
    None, "--as-agency", help="See only what this agency may see (default: the whole node)."
)
AGENCY = typer.Option(..., "--agency", help="The agency this record belongs to / acts for.")
MARKING = typer.Option(None, "--marking", help="TLP marking (default TLP:AMBER).")
GROUP = typer.Option(None, "--sharing-group", help="Sharing group that sees AMBER records.")

compound_app = typer.Typer(help="The registry of scam compounds.", no_args_is_help=True)
rescue_app = typer.Typer(
    help="Rescue requests for people trapped in compounds.", no_args_is_help=True
)
batch_app = typer.Typer(
    help="Repatriation batches: import, screen, hand over.", no_args_is_help=True
)
watchlist_app = typer.Typer(help="Watch lists of wanted persons.", no_args_is_help=True)
operation_app = typer.Typer(help="Joint operations and their results.", no_args_is_help=True)
report_app = typer.Typer(help="Reports drawn from the store.", no_args_is_help=True)


@contextmanager
def _acting(agency: str | None) -> Iterator[tuple[Session, Viewer, Actor]]:
    with database.session() as session:
        viewer = viewer_for_agency(session, agency.upper()) if agency else SYSTEM
        yield session, viewer, Actor(f"cli:{getpass.getuser()}", viewer.agency_code)


def _read_json(file: Path) -> dict[str, Any]:
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        data = orjson.loads(file.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{file}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{file}: a JSON object is expected")
    return data


def _show(data: Any, as_json: bool, lines: list[str] | None = None) -> None:
    if as_json or lines is None:
        print_json(data)
    else:
        for line in lines:
            typer.echo(line)


# compounds ------------------------------------------------------------------------------------


@compound_app.command("list")
def compound_list(
    country: str = typer.Option(None, "--country", help="Only compounds in this country."),
    status: str = typer.Option(None, "--status", help="Only compounds with this status."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the compounds you may see."""
    with _acting(as_agency) as (session, viewer, _):
        items = compounds.list_compounds(session, viewer, country, status)
    _show(
        items,
        as_json,
        [f"{c['key']:28} {c['country']} {c['status']:10} {c['name']}" for c in items],
    )


@compound_app.command("show")
def compound_show(
    key: str = typer.Argument(..., help="Compound key, e.g. kk-park."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """One compound with its timeline and links."""
    with _acting(as_agency) as (session, viewer, _):
        print_json(compounds.as_dict(session, viewer, compounds.get(session, viewer, key)))
    del as_json


@compound_app.command("add")
def compound_add(
    file: Path = typer.Argument(..., help="JSON object: key, name, country, aliases, lat, lon..."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a compound from a JSON file."""
    with _acting(agency) as (session, viewer, actor):
        data = compounds.add_compound(
            session, viewer, actor, compounds.CompoundInput.from_dict(_read_json(file))
        )
    _show(data, as_json, [f"added compound {data['key']}"])


@compound_app.command("status")
def compound_status(
    key: str = typer.Argument(..., help="Compound key."),
    status: str = typer.Argument(..., help="active, raided, relocated, closed or unknown."),
    relocated_to: str = typer.Option(None, "--relocated-to", help="Where it moved (relocated)."),
    note: str = typer.Option("", "--note", help="A note for the timeline."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a change of a compound's status."""
    with _acting(agency) as (session, viewer, actor):
        data = compounds.set_status(
            session, viewer, actor, key, status, relocated_to=relocated_to, note=note
        )
    _show(data, as_json, [f"{key} is now {status}"])


@compound_app.command("link")
def compound_link(
    key: str = typer.Argument(..., help="Compound key."),
    kind: str = typer.Argument(
        ..., help="syndicate, indicator, report, person, rescue or operation."
    ),
    ref: str = typer.Argument(
        ...,
        help="What to link: a syndicate id, an identifier in any form (or TYPE:value), a report "
        "id, a person's reference (watch-list entry, returnee, rescue; never a name).",
    ),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Tie a syndicate, identifier, report or person to a compound (audited)."""
    with _acting(agency) as (session, viewer, actor):
        compounds.link(session, viewer, actor, key, kind, ref)
        data = compounds.as_dict(session, viewer, compounds.get(session, viewer, key))
    _show(data, as_json, [f"linked {kind} {ref} to {key}"])


@compound_app.command("geojson")
def compound_geojson(as_agency: str = AS_AGENCY, as_json: bool = JSON_OPTION) -> None:
    """The compounds you may see as a GeoJSON FeatureCollection."""
    with _acting(as_agency) as (session, viewer, _):
        print_json(compounds.geojson(session, viewer))
    del as_json


# rescue requests ------------------------------------------------------------------------------


@rescue_app.command("add")
def rescue_add(
    file: Path = typer.Argument(..., help="JSON object: person {names, dob, documents, ...}, ..."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Open a rescue request; reports possible duplicates of the same person."""
    with _acting(agency) as (session, viewer, actor):
        data = rescues.create(
            session, viewer, actor, rescues.RescueInput.from_dict(_read_json(file))
        )
    lines = [f"opened {data['reference']} ({data['status']}, deadline {data['deadline']})"]
    lines += [
        f"  possible duplicate of {d['reference']} ({d['score']})"
        for d in data["possible_duplicates"]
    ]
    _show(data, as_json, lines)


@rescue_app.command("list")
def rescue_list(
    status: str = typer.Option(None, "--status", help="Only requests in this state."),
    overdue: bool = typer.Option(False, "--overdue", help="Only open requests past deadline."),
    limit: int = typer.Option(100, "--limit", help="At most this many."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the rescue requests you may see, newest first."""
    with _acting(as_agency) as (session, viewer, _):
        total, items = rescues.list_requests(session, viewer, status, overdue, limit)
    lines = [f"{total} requests"] + [
        f"{r['reference']:26} {r['status']:15} {r['urgency']:8} {r['compound'] or '-'}"
        for r in items
    ]
    _show({"total": total, "items": items}, as_json, lines)


@rescue_app.command("show")
def rescue_show(
    reference: str = typer.Argument(..., help="Request reference."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """One rescue request with its history."""
    with _acting(as_agency) as (session, viewer, actor):
        print_json(rescues.read(session, viewer, actor, reference))
    del as_json


@rescue_app.command("move")
def rescue_move(
    reference: str = typer.Argument(..., help="Request reference."),
    status: str = typer.Argument(..., help="verified, located, rescue_planned, rescued, ..."),
    note: str = typer.Option("", "--note", help="Why, for the history."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Move a request to its next state (audited)."""
    with _acting(agency) as (session, viewer, actor):
        data = rescues.transition(session, viewer, actor, reference, status, note)
    _show(data, as_json, [f"{reference} is now {data['status']}"])


@rescue_app.command("assign")
def rescue_assign(
    reference: str = typer.Argument(..., help="Request reference."),
    to: str = typer.Argument(..., help="Agency code that takes the request on."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Assign a request to an agency that can see it."""
    with _acting(agency) as (session, viewer, actor):
        data = rescues.assign(session, viewer, actor, reference, to)
    _show(data, as_json, [f"{reference} assigned to {data['assigned_to']}"])


# watch lists ----------------------------------------------------------------------------------


@watchlist_app.command("load")
def watchlist_load(
    file: Path = typer.Argument(..., help="CSV (id, name, aliases, dob, ...) or FtM .jsonl."),
    agency: str = AGENCY,
    list_name: str = typer.Option(None, "--list", help="Name of the list (default: file name)."),
    marking: str = MARKING,
    sharing_group: str = GROUP,
    as_json: bool = JSON_OPTION,
) -> None:
    """Load (or reload) a watch list into the store, sealed and blind-indexed."""
    with _acting(agency) as (session, viewer, actor):
        result = watchlists.load(
            session, viewer, actor, file, list_name, marking or "TLP:AMBER", sharing_group
        )
    _show(
        result.as_dict(), as_json, [f"{file}: {result.loaded} entries ({result.replaced} replaced)"]
    )


# repatriation ---------------------------------------------------------------------------------


@batch_app.command("import")
def batch_import(
    file: Path = typer.Argument(
        ..., help="CSV: name, names, dob, nationality, passport, compound."
    ),
    reference: str = typer.Option(..., "--reference", help="Batch reference, e.g. MAESOT-2025-02."),
    arrived: str = typer.Option(..., "--arrived", help="Date of arrival, YYYY-MM-DD."),
    crossing: str = typer.Option("", "--crossing", help="Border crossing."),
    agency: str = AGENCY,
    marking: str = MARKING,
    sharing_group: str = GROUP,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a batch of people handed over at a crossing."""
    try:
        day = date.fromisoformat(arrived)
    except ValueError:
        fail(f"--arrived: {arrived!r} is not YYYY-MM-DD")
        return
    with _acting(agency) as (session, viewer, actor):
        data = repatriation.import_batch(
            session, viewer, actor, file, reference, day, crossing, marking, sharing_group
        )
    _show(data, as_json, [f"{reference}: {data['people']} people imported"])


@batch_app.command("screen")
def batch_screen(
    reference: str = typer.Argument(..., help="Batch reference."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Screen everyone against watch lists and open rescue requests, and classify them."""
    with _acting(agency) as (session, viewer, actor):
        data = repatriation.screen(session, viewer, actor, reference)
    _show(data, as_json, [f"{reference}: {data['by_classification']}"])


@batch_app.command("list")
def batch_list(as_agency: str = AS_AGENCY, as_json: bool = JSON_OPTION) -> None:
    """The batches you may see."""
    with _acting(as_agency) as (session, viewer, _):
        items = repatriation.list_batches(session, viewer)
    _show(
        items,
        as_json,
        [
            f"{b['reference']:20} {b['arrived_on']} {b['people']:5} {b['by_classification']}"
            for b in items
        ],
    )


@batch_app.command("handover")
def batch_handover(
    reference: str = typer.Argument(..., help="Batch reference."),
    to: str = typer.Option(..., "--to", help="Receiving agency."),
    fmt: str = typer.Option("csv", "--format", help="csv or pdf."),
    out: Path = typer.Option(..., "--out", help="File to write."),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the hand-over list of one receiving agency (personal data: audited)."""
    if fmt not in ("csv", "pdf"):
        fail(f"--format: {fmt!r} is not csv or pdf")
    with _acting(agency) as (session, viewer, actor):
        rows = repatriation.handover_rows(session, viewer, actor, reference, to)
        batch = repatriation.summary(session, viewer, reference)
    if fmt == "csv":
        out.write_text(repatriation.handover_csv(rows), encoding="utf-8")
    else:
        out.write_bytes(handover.pdf(batch, to.upper(), rows))
    _show(
        {"file": str(out), "people": len(rows)},
        as_json,
        [f"{out}: {len(rows)} people for {to.upper()}"],
    )


@batch_app.command("evaluate")
def batch_evaluate(
    reference: str = typer.Argument(..., help="Batch reference (screened)."),
    truth: Path = typer.Option(..., "--truth", help="Truth CSV: row, wanted_entry, other_script."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Recall and precision of screening on planted wanted persons."""
    with _acting(as_agency) as (session, viewer, _):
        data = evaluation.evaluate(session, viewer, reference, truth)
    lines = [
        f"{reference}: {data['people']} people",
        *(
            f"  {k:13} planted {v['planted']:4}  flagged {v['flagged']:4}  "
            f"recall {v['recall']:.3f}  precision {v['precision']:.3f}"
            for k, v in data.items()
            if isinstance(v, dict)
        ),
    ]
    _show(data, as_json, lines)


# operations -----------------------------------------------------------------------------------


@operation_app.command("add")
def operation_add(
    file: Path = typer.Argument(
        ..., help="JSON: reference, name, started_on, agencies, targets..."
    ),
    agency: str = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a joint operation and its results."""
    with _acting(agency) as (session, viewer, actor):
        data = operations.record_operation(
            session, viewer, actor, operations.OperationInput.from_dict(_read_json(file))
        )
    _show(data, as_json, [f"recorded {data['reference']}"])


@operation_app.command("list")
def operation_list(as_agency: str = AS_AGENCY, as_json: bool = JSON_OPTION) -> None:
    """The operations you may see, newest first."""
    with _acting(as_agency) as (session, viewer, _):
        items = operations.list_operations(session, viewer)
    lines = [
        f"{o['reference']:14} {o['started_on']} {o['name']:28} "
        f"detained {sum(o['detained'].values())}"
        for o in items
    ]
    _show(items, as_json, lines)


# statistics and reports -----------------------------------------------------------------------


def _moment(text: str | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        return stats.parse_period(text)[0] if len(text) == 7 else datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: {text!r} is not YYYY-MM or YYYY-MM-DD") from None


def stats_command(
    since: str = typer.Option(None, "--since", help="From this month or day (YYYY-MM[-DD])."),
    until: str = typer.Option(None, "--until", help="Up to (not including) this month or day."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Reports, losses, arrests, rescues and repatriations by country and month."""
    with _acting(as_agency) as (session, viewer, _):
        figures = stats.collect(
            session, viewer, _moment(since, "--since"), _moment(until, "--until")
        )
    data = figures.as_dict()
    usd = {k: round(v) for k, v in figures.losses_usd.by_month().items()}
    lines = [
        f"reports by month:       {figures.reports.by_month()}",
        f"losses (USD) by month:  {usd}",
        f"arrests by nationality: {figures.arrests.by_country()}",
        f"rescues by month:       {figures.rescues.by_month()}",
        f"repatriations by month: {figures.repatriations.by_month()}",
        f"compounds by status:    {figures.compounds}",
        f"top syndicates:         {[s['reports'] for s in figures.syndicates]}",
    ]
    _show(data, as_json, lines)


@report_app.command("situation")
def report_situation(
    period: str = typer.Option(..., "--period", help="The month, YYYY-MM."),
    fmt: str = typer.Option("html", "--format", help="html or pdf."),
    out: Path = typer.Option(
        None, "--out", help="File to write (default situation-PERIOD.FORMAT)."
    ),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """The monthly situation report with charts, as HTML or PDF."""
    if fmt not in ("html", "pdf"):
        fail(f"--format: {fmt!r} is not html or pdf")
    target = out or Path(f"situation-{period}.{fmt}")
    with _acting(as_agency) as (session, viewer, _):
        report = situation.build(session, viewer, period)
    if fmt == "html":
        target.write_text(situation.html(report), encoding="utf-8")
    else:
        target.write_bytes(situation.pdf(report))
    _show({"file": str(target), **report.as_dict()}, as_json, [f"{target}: {report.figures}"])


def register(app: typer.Typer) -> None:
    app.add_typer(compound_app, name="compound")
    app.add_typer(rescue_app, name="rescue")
    app.add_typer(batch_app, name="repatriation")
    app.add_typer(watchlist_app, name="watchlist")
    app.add_typer(operation_app, name="operation")
    app.add_typer(report_app, name="report")
    app.command("stats")(stats_command)
