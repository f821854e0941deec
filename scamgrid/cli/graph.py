"""`scamgrid graph syndicates|key-figures|explain|export|evaluate`: link analysis."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from scamgrid import settings
from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.errors import InvalidInput
from scamgrid.graph import evaluate, explain, export, key_figures, syndicates
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.engines import engine as graph_engine
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, viewer_for_agency

graph_app = typer.Typer(help="Syndicates, key figures, explanations and exports of the link graph.")

AS_AGENCY = typer.Option(
    None, "--as-agency", help="See only what this agency may see (default: the whole node)."
)
ENGINE = typer.Option("igraph", "--engine", help="igraph (in memory) or spark (components).")


def _graph(as_agency: str | None) -> LinkGraph:
    with database.session() as session:
        viewer = viewer_for_agency(session, as_agency) if as_agency else SYSTEM
        return load(session, viewer)


def _detect(graph: LinkGraph, engine: str = "igraph") -> syndicates.Detection:
    return syndicates.detect(graph, engine=graph_engine(engine))


@graph_app.command("syndicates")
def syndicates_command(
    min_reports: int = typer.Option(2, "--min-reports", min=1, help="Smallest syndicate listed."),
    as_agency: str = AS_AGENCY,
    engine: str = ENGINE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Group reports linked through shared identifiers (hubs down-weighted) into syndicates."""
    detection = _detect(_graph(as_agency), engine)
    found = [s for s in detection.syndicates if len(s.reports) >= min_reports]
    if as_json:
        print_json(
            {
                "syndicates": [dataclasses.asdict(s) for s in found],
                "hubs": [dataclasses.asdict(h) for h in detection.hubs],
            }
        )
        return
    typer.echo(f"{len(found)} syndicates of at least {min_reports} reports")
    for s in found:
        losses = ", ".join(f"{v:,.0f} {k}" for k, v in s.losses.items())
        top = ", ".join(f"{i.type}:{i.value}" for i in s.identifiers[:3])
        typer.echo(
            f"  {s.id}  {len(s.reports)} reports  {'/'.join(s.fraud_types)}  "
            f"{s.first_activity:%Y-%m-%d}..{s.last_activity:%Y-%m-%d}  {','.join(s.countries)}"
        )
        typer.echo(f"      top: {top}")
        typer.echo(f"      losses: {losses or 'none'}")
    if detection.hubs:
        typer.echo(
            "hubs (linking nothing): " + ", ".join(f"{h.type}:{h.value}" for h in detection.hubs)
        )


@graph_app.command("key-figures")
def key_figures_command(
    syndicate: str = typer.Option(None, "--syndicate", help="Rank within this syndicate (id)."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many to list."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Identifiers, persons and compounds by centrality in a syndicate, or by syndicates bridged."""
    graph = _graph(as_agency)
    figures = key_figures.key_figures(graph, _detect(graph), syndicate, limit)
    if as_json:
        print_json([dataclasses.asdict(f) for f in figures])
        return
    for f in figures:
        flag = "  (hub)" if f.hub else ""
        who = f" ({f.label})" if f.kind == "person" else ""
        typer.echo(
            f"  {f.node}{who}  bridges {f.bridges}  centrality {f.centrality:.2f}  "
            f"reports {f.reports}  in {', '.join(f.syndicates[:5])}{flag}"
        )


@graph_app.command("explain")
def explain_command(
    a: str = typer.Argument(..., help="A report id or any surface form of an identifier."),
    b: str = typer.Argument(..., help="Another report id or identifier."),
    paths: int = typer.Option(explain.MAX_PATHS, "--paths", min=1, help="Most paths shown."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Shortest evidence paths between two reports or identifiers, each hop citing its source."""
    graph = _graph(as_agency)
    result = explain.explain(graph, a, b, _detect(graph).is_hub, paths)
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    if not result.linked:
        typer.echo(f"{result.source} and {result.target} are not linked")
        return
    typer.echo(f"{result.source} -- {result.target}: {result.hops} hops")
    for number, path in enumerate(result.paths, start=1):
        typer.echo(f"  path {number} ({len(path)} hops)")
        for hop in path:
            hub = " [hub]" if hop.hub else ""
            typer.echo(
                f"    {hop.source} -> {hop.target}  per {hop.record} ({hop.agency}, "
                f"{hop.at:%Y-%m-%d}) as {hop.raw!r}{hub}"
            )


@graph_app.command("export")
def export_command(
    fmt: str = typer.Option(..., "--format", help="graphml, gexf, cytoscape or ftm."),
    out: Path = typer.Option(None, "--out", help="Write here (default: standard output)."),
    as_agency: str = AS_AGENCY,
) -> None:
    """The link graph (with syndicates) for Gephi, Cytoscape, yEd, Aleph and OpenSanctions."""
    graph = _graph(as_agency)
    text = export.render(graph, _detect(graph), fmt)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@graph_app.command("evaluate")
def evaluate_command(
    truth: Path = typer.Argument(
        None, help="CSV report_id,syndicate_id (default: the demo world's ground truth)."
    ),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Adjusted Rand index of the syndicates found against a ground truth (and, beside the
    demo's, recall and precision of the planted persons' ties to syndicates)."""
    path = truth or settings.home() / "demo" / "ground_truth.csv"
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file (run `scamgrid demo` first)")
    graph = _graph(as_agency)
    detection = _detect(graph)
    known = evaluate.read_truth(path)
    result = evaluate.score(detection, known)
    persons = path.with_name("persons_truth.csv")
    if persons.is_file():  # the demo's planted persons, beside its ground truth
        ties = key_figures.person_syndicates(graph, detection)
        planted = evaluate.read_person_truth(persons)
        result.persons = evaluate.score_persons(ties, detection, known, planted)
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    typer.echo(
        f"adjusted Rand index {result.adjusted_rand_index:.4f} over {result.reports} reports "
        f"({result.true_syndicates} true syndicates, {result.found_syndicates} found, "
        f"{result.missing} not visible)"
    )
    typer.echo(f"hubs found: {', '.join(result.hubs) or 'none'}")
    if result.persons is not None:
        p = result.persons
        typer.echo(
            f"persons: recall {p.recall:.4f}, precision {p.precision:.4f} of planted ties to "
            f"syndicates ({p.correct} of {p.planted}, {p.found} found, {p.persons} persons)"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(graph_app, name="graph")
