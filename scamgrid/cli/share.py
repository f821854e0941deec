"""`scamgrid share ...`, `scamgrid peer ...`, `scamgrid federation sync`."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer

from scamgrid import settings
from scamgrid.cli.accounts import cli_actor
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit, blind, misp
from scamgrid.sharing.federation import peers, sync
from scamgrid.sharing.stix.bundle import export_bundle, import_bundle
from scamgrid.sharing.stix.revocation import revoke_report
from scamgrid.sharing.stix.sink import ImportOptions
from scamgrid.sharing.stix.source import Scope, Source
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency

share_app = typer.Typer(
    help="Share with other platforms: STIX 2.1, MISP, blind matching.", no_args_is_help=True
)
peer_app = typer.Typer(help="Other nodes this one federates with.", no_args_is_help=True)
federation_app = typer.Typer(help="Node-to-node sync over TAXII 2.1.", no_args_is_help=True)

AS_AGENCY = typer.Option(
    None, "--as-agency", help="Share only what this agency may see (default: the whole node)."
)


def _viewer(session: object, code: str | None) -> Viewer:
    return viewer_for_agency(session, code) if code else SYSTEM  # type: ignore[arg-type]


def _actor(code: str | None) -> audit.Actor:
    return audit.Actor(cli_actor().name, code.upper() if code else None)


@share_app.command("export")
def export(
    format: str = typer.Option("stix", "--format", help="stix (a STIX 2.1 bundle) or misp."),
    as_agency: str = AS_AGENCY,
    out: Path = typer.Option(None, "--out", help="File to write (default: standard output)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Export shareable records; RED and AMBER+STRICT never leave the node."""
    if format not in {"stix", "misp"}:
        fail(f"--format: {format!r} is not stix or misp")
    node = settings.NODE_NAME.get()
    handle = out.open("wb") if out else sys.stdout.buffer
    try:
        with database.session() as session:
            scope = Scope(_viewer(session, as_agency))
            if format == "stix":
                count = export_bundle(session, scope, handle, _actor(as_agency), node)
            else:
                event = misp.export_event(Source(session, scope, node), f"scamgrid {node}")
                handle.write(event.to_json(indent=2).encode() + b"\n")
                count = len(event.attributes) + len(event.objects)
                audit.record(
                    session, _actor(as_agency), "share.export", "event", "misp", items=count
                )
    finally:
        if out:
            handle.close()
    if out:
        summary = {"format": format, "file": str(out), "objects": count}
        if as_json:
            print_json(summary)
        else:
            typer.echo(f"{out}: {count} {format} objects")


@share_app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="A STIX 2.1 bundle or a MISP event (JSON)."),
    agency: str = typer.Option(
        None, "--agency", help="Owner of records whose author is no known agency."
    ),
    marking: str = typer.Option(None, "--marking", help="Marking of unmarked records."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a STIX bundle or MISP event; idempotent, newer versions replace older ones."""
    if not file.is_file():
        fail(f"{file}: no such file")
    if marking:
        try:
            marking = Marking.parse(marking).value
        except ValueError as error:
            fail(f"--marking: {error}")
    head = file.read_bytes()[:4096]
    is_stix = b'"bundle"' in head and b'"type"' in head
    with database.session() as session:
        if is_stix:
            options = ImportOptions(
                received_from=file.name,
                default_agency=agency,
                default_marking=marking or Marking.AMBER.value,
            )
            result = import_bundle(
                session, file, options, _actor(agency), settings.NODE_NAME.get()
            ).as_dict()
        else:
            done = misp.import_event(session, file, agency, marking)
            audit.record(
                session,
                _actor(agency),
                "share.import",
                "event",
                file.name,
                **{k: v for k, v in done.as_dict().items() if k != "rejected"},
            )
            result = done.as_dict()
    if as_json:
        print_json(result)
    else:
        problems = result.get("skipped") or result.get("rejected") or []
        assert isinstance(problems, list)
        for problem in problems:
            typer.echo(f"skipped {problem}", err=True)
        counts = ", ".join(f"{k} {v}" for k, v in result.items() if isinstance(v, int))
        typer.echo(f"{file}: {counts}")


@share_app.command("revoke")
def revoke(
    report_id: str = typer.Argument(..., help="The report to withdraw."),
    as_agency: str = typer.Option(..., "--as-agency", help="The owner agency."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete a report of your agency and publish its revocation to peers."""
    with database.session() as session:
        viewer = viewer_for_agency(session, as_agency)
        published = revoke_report(
            session, viewer, _actor(as_agency), report_id, settings.NODE_NAME.get()
        )
    if as_json:
        print_json({"report": report_id, "revoked": True, "published": published})
    else:
        typer.echo(f"{report_id} revoked" + (" (peers will be told)" if published else ""))


@share_app.command("blind-key")
def blind_key(
    group: str = typer.Argument(..., help="Sharing group whose key to show or set."),
    set_key: str = typer.Option(
        None, "--set", help="Install the group's key from another node (64 hex characters)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show (creating it if needed) or set the group's blind-matching key."""
    with database.session() as session:
        key = (
            blind.set_group_key(session, group, set_key)
            if set_key
            else blind.group_key(session, group)
        )
        audit.record(session, _actor(None), "blind.key", "group", group, changed=bool(set_key))
    if as_json:
        print_json({"group": group, "key": key.hex(), "key_id": blind.key_id(key)})
    else:
        typer.echo(f"{group}: {key.hex()} (id {blind.key_id(key)}; give it to the group only)")


@share_app.command("blind-export")
def blind_export(
    group: str = typer.Option(..., "--group", help="Sharing group whose key hashes the values."),
    as_agency: str = AS_AGENCY,
    out: Path = typer.Option(None, "--out", help="File to write (default: standard output)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write keyed hashes (HMAC-SHA256) of the held identifiers: no raw value leaves."""
    with database.session() as session:
        found = blind.blind_export(
            session, _viewer(session, as_agency), group, settings.NODE_NAME.get()
        )
        audit.record(
            session, _actor(as_agency), "blind.export", "group", group, count=len(found.digests)
        )
    data = orjson.dumps(found.as_dict(), option=orjson.OPT_INDENT_2)
    if out:
        out.write_bytes(data + b"\n")
        if as_json:
            print_json({"file": str(out), "group": group, "count": len(found.digests)})
        else:
            typer.echo(f"{out}: {len(found.digests)} keyed hashes for group {group}")
    else:
        sys.stdout.buffer.write(data + b"\n")


@share_app.command("blind-match")
def blind_match(
    file: Path = typer.Argument(..., help="Another node's blind-export file."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """The identifiers held here that the other node holds too."""
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        data = orjson.loads(file.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{file}: not valid JSON: {error}") from None
    theirs = blind.parse(data, str(file))
    with database.session() as session:
        common = blind.blind_match(session, _viewer(session, as_agency), theirs)
        audit.record(
            session, _actor(as_agency), "blind.match", "node", theirs.node, common=len(common)
        )
    if as_json:
        print_json({"node": theirs.node, "group": theirs.group, "common": common})
        return
    typer.echo(f"{len(common)} identifiers in common with {theirs.node}")
    for kind, value in common:
        typer.echo(f"  {kind} {value}")


@peer_app.command("add")
def peer_add(
    name: str = typer.Argument(..., help="Short name of the peer, e.g. th."),
    url: str = typer.Argument(..., help="The peer's base URL or TAXII discovery URL."),
    token: str = typer.Option(..., "--token", help="The bearer token the peer issued to us."),
    agency: str = typer.Option(
        None, "--agency", help="The peer's agency on this node: set it to push records to it."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Register a peer node (its token is stored encrypted)."""
    with database.session() as session:
        peer = peers.add_peer(session, name, url, token, agency)
        audit.record(session, _actor(None), "peer.add", "peer", peer.name, url=peer.url)
        shown = {"name": peer.name, "url": peer.url, "agency": peer.agency}
    if as_json:
        print_json(shown)
    else:
        typer.echo(f"peer {shown['name']} at {shown['url']}")


@peer_app.command("list")
def peer_list(as_json: bool = JSON_OPTION) -> None:
    """The registered peers and when they were last synced."""
    with database.session() as session:
        rows = [
            {"name": p.name, "url": p.url, "agency": p.agency, "last_sync_at": p.last_sync_at}
            for p in peers.list_peers(session)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['name']}  {row['url']}  last sync {row['last_sync_at'] or 'never'}")


@federation_app.command("sync")
def federation_sync(
    peer: str = typer.Option(None, "--peer", help="Sync this peer only (default: every peer)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Pull from and push to peers over TAXII 2.1; resumes where an interrupted sync stopped."""
    node = settings.NODE_NAME.get()
    done = [sync.sync_peer(peer, node)] if peer else sync.sync_all(node)
    if as_json:
        print_json([d.as_dict() for d in done])
        return
    for summary in done:
        pulled = summary.pulled
        typer.echo(
            f"{summary.peer}: {summary.objects_in} objects in ({pulled.inserted} new, "
            f"{pulled.updated} updated, {pulled.revoked} revoked), {summary.pushed} pushed"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")
    app.add_typer(peer_app, name="peer")
    app.add_typer(federation_app, name="federation")
