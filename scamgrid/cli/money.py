"""`scamgrid money ingest|labels|trace|evaluate`: money trails through mules to cash-out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from scamgrid import settings
from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.errors import InvalidInput
from scamgrid.graph import evaluate, money, transactions
from scamgrid.store import database
from scamgrid.store.lookup import identify
from scamgrid.store.visibility import SYSTEM, viewer_for_agency

money_app = typer.Typer(help="Ingest transactions and follow victims' money to cash-out points.")

AS_AGENCY = typer.Option(
    None, "--as-agency", help="See only what this agency may see (default: the whole node)."
)


def _ledger(as_agency: str | None) -> money.Ledger:
    with database.session() as session:
        viewer = viewer_for_agency(session, as_agency) if as_agency else SYSTEM
        return money.Ledger(*transactions.load(session, viewer))


@money_app.command("ingest")
def ingest_command(
    file: Path = typer.Argument(..., help="Transactions CSV (see docs/graph.md)."),
    agency: str = typer.Option(..., "--agency", help="The agency that holds these records."),
    marking: str = typer.Option("TLP:AMBER", "--marking", help="TLP marking of every row."),
    sharing_group: str = typer.Option(
        None, "--sharing-group", help="Sharing group that sees TLP:AMBER rows."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Store transactions, all or nothing and idempotently; bad rows are named."""
    with database.session() as session:
        summary = transactions.ingest(session, file, agency, marking, sharing_group)
    if as_json:
        print_json(dataclasses.asdict(summary))
        return
    typer.echo(
        f"{file}: {summary.rows} rows ({summary.inserted} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged)"
    )


@money_app.command("labels")
def labels_command(
    file: Path = typer.Argument(..., help="CSV type,value,label[,note,country]."),
) -> None:
    """Label identifiers node-wide: exchange and otc (cash-out points), mule, hub."""
    with database.session() as session:
        added = transactions.ingest_labels(session, file)
    typer.echo(f"{file}: {added} labels added")


def _start(ledger: money.Ledger, text: str, backward: bool) -> str:
    if text in ledger.by_report or text in ledger.out or text in ledger.into:
        return text
    identifier = identify(text)
    name = f"{identifier.type.value}:{identifier.value}"
    if name not in (ledger.into if backward else ledger.out):
        raise InvalidInput(f"{text!r}: no visible transfer {'into' if backward else 'from'} it")
    return name


@money_app.command("trace")
def trace_command(
    start: str = typer.Argument(..., help="A victim's report id, or an account or wallet."),
    backward: bool = typer.Option(
        False, "--backward", help="From a mule account back to its victims."
    ),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Follow funds hop by hop in time order, amounts conserved, to cash-out points."""
    ledger = _ledger(as_agency)
    params = money.MoneyParams.from_settings()
    begin = _start(ledger, start, backward)
    result = (
        money.trace_backward(ledger, begin, params)
        if backward
        else money.trace_forward(ledger, begin, params)
    )
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    typer.echo(f"{result.direction} from {result.start}: {len(result.trails)} trails")
    for number, trail in enumerate(result.trails, start=1):
        end = f"{trail.end} ({trail.cash_out})" if trail.cash_out else f"{trail.end} (stays)"
        typer.echo(f"  trail {number}: {trail.amount:,.2f} to {end}")
        for hop in trail.hops:
            t = hop.transfer
            victim = f" [victim report {t.report_id}]" if t.report_id else ""
            typer.echo(
                f"    {t.at:%Y-%m-%d %H:%M} {t.txn_id} {t.source} -> {t.target} "
                f"{t.amount:,.2f} {t.currency} via {t.rail} ({t.agency}){victim}"
            )
    if result.cashed_out:
        typer.echo(
            "cashed out: " + ", ".join(f"{v:,.2f} {k}" for k, v in result.cashed_out.items())
        )
    if result.victims:
        typer.echo("victims: " + ", ".join(result.victims))


@money_app.command("evaluate")
def evaluate_command(
    truth: Path = typer.Argument(
        None, help="CSV report_id,txn_ids (default: the demo world's money ground truth)."
    ),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Recall and precision of the planted paths from victims to cash-out points."""
    path = truth or settings.home() / "demo" / "money" / "money_truth.csv"
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file (run `scamgrid demo` first)")
    result = evaluate.score_money(
        _ledger(as_agency), evaluate.read_money_truth(path), money.MoneyParams.from_settings()
    )
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    typer.echo(
        f"recall {result.recall:.4f}, precision {result.precision:.4f}: {result.correct} of "
        f"{result.planted} planted paths recovered, {result.recovered} found, "
        f"{result.reports} victims traced"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(money_app, name="money")
