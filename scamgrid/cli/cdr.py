"""`scamgrid cdr score|evaluate|train|generate|evaluate-sichuan`: CDR analytics."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from scamgrid import settings
from scamgrid.cli.accounts import cli_actor
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.detect.cdr import evaluate, generator, indicators, model, reader, scoring, sichuan
from scamgrid.detect.cdr.engines import get_engine
from scamgrid.errors import InvalidInput, ScamgridError
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing.audit import Actor

cdr_app = typer.Typer(help="Find SIM boxes, scam diallers and wangiri in call-detail records.")

ENGINE_OPTION = typer.Option(
    "duckdb", "--engine", help="duckdb (one machine, out of core) or spark (SCAMGRID_SPARK_MASTER)."
)


@cdr_app.command("score")
def score_command(
    file: Path = typer.Argument(..., help="CDR file (.csv or .parquet) or a folder of them."),
    country: str = typer.Option(
        None, "--country", help="Home country (TH, VN, ...): national numbers, local time."
    ),
    engine: str = ENGINE_OPTION,
    out: Path = typer.Option(None, "--out", help="Write every scored number here (.csv/.parquet)."),
    mapping: str = typer.Option(
        None, "--map", help="Rename columns: caller=A_NUMBER,callee=B_NUMBER,start_time=..."
    ),
    model_file: Path = typer.Option(None, "--model", help="Model file (default: the trained one)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Score with the rules alone."),
    agency: str = typer.Option(
        None, "--agency", help="Store flagged numbers as reports of this (the operator's) agency."
    ),
    marking: str = typer.Option(
        None, "--marking", help="Marking of the stored reports (default TLP:AMBER)."
    ),
    sharing_group: str = typer.Option(
        None, "--sharing-group", help="Sharing group of the stored reports (for TLP:AMBER)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Score every calling number: score 0..1, label and the reasons; lists flagged numbers.

    Scores stream to --out batch by batch, so the number of numbers is not bounded by memory.
    With --agency the flagged numbers, with their evidence, become that agency's indicators.
    """
    started = time.perf_counter()
    try:
        if marking:
            try:
                marking = Marking.parse(marking).value
            except ValueError as error:
                raise InvalidInput(f"--marking: {error}") from None
        runner = get_engine(engine)
        if agency:
            indicators.check_owner(agency, sharing_group)
        source = reader.open_source(
            file, country or settings.DEFAULT_COUNTRY.get() or None, mapping
        )
        trained = None
        if not rules_only:
            trained = model.CdrModel.load(model_file) if model_file else model.load_default(runner)
        summary = scoring.score_into(runner, source, trained, out)
        stored = None
        if agency:
            actor = Actor(cli_actor().name, agency.upper())
            stored = indicators.store_flagged(
                summary.flagged, source, agency, marking, sharing_group, actor=actor
            )
    except ScamgridError as error:
        fail(error.message, error.exit_code)
        return
    except ValueError as error:  # an unreadable model file
        fail(str(error))
        return
    flagged = summary.flagged
    seconds = round(time.perf_counter() - started, 2)
    if stored and stored.errors:
        for rejected in stored.errors[:5]:
            typer.echo(f"rejected {rejected}", err=True)
    if as_json:
        print_json(
            {
                "numbers": summary.numbers,
                "labels": summary.labels,
                "flagged": [f.to_dict() for f in flagged],
                "out": str(out) if out else None,
                "engine": engine,
                "seconds": seconds,
                "stored": stored.as_dict() if stored else None,
            }
        )
    else:
        typer.echo(
            f"{summary.numbers:,} numbers scored in {seconds} s ({engine}), {len(flagged)} flagged"
        )
        _show(flagged)
        if stored:
            typer.echo(
                f"stored as reports of {agency.upper()}: {stored.inserted} new, "
                f"{stored.updated} updated, {stored.unchanged} unchanged, "
                f"{stored.rejected} rejected"
            )
    if stored and stored.rejected:
        raise typer.Exit(2)


def _show(flagged: list[scoring.Flagged]) -> None:
    for f in flagged[:50]:
        typer.echo(f"{f.number}  {f.label:<12} {f.score:.2f}  {'; '.join(f.reasons)}")
    if len(flagged) > 50:
        typer.echo(f"... {len(flagged) - 50} more (use --out or --json)")


@cdr_app.command("evaluate")
def evaluate_command(
    scored_file: Path = typer.Argument(..., help="Output of `cdr score --out`."),
    truth_file: Path = typer.Argument(..., help="Ground truth CSV (number,label[,role])."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Precision, recall and F1 per label and overall (fraud vs normal)."""
    try:
        report = evaluate.evaluate(
            scoring.read_scored(scored_file), evaluate.read_truth_table(truth_file)
        )
    except ScamgridError as error:
        fail(error.message, error.exit_code)
        return
    if as_json:
        print_json(report.to_dict())
        return
    typer.echo(f"{'label':<13} {'support':>7} {'flagged':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for s in [*report.labels, report.overall]:
        typer.echo(
            f"{s.label:<13} {s.support:>7} {s.predicted:>7} {s.precision:>6.4f} "
            f"{s.recall:>6.4f} {s.f1:>6.4f}"
        )
    typer.echo(f"call centres flagged: {report.call_centres_flagged} of {report.call_centres}")


@cdr_app.command("train")
def train_command(
    out: Path = typer.Option(None, "--out", help="Where to write the model."),
    engine: str = ENGINE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Train the model on the generator's planted worlds (deterministic, about a minute)."""
    started = time.perf_counter()
    try:
        trained = model.train(get_engine(engine))
    except ScamgridError as error:
        fail(error.message, error.exit_code)
        return
    path = out or model.user_path()
    trained.save(path)
    summary = {
        "model": str(path),
        "examples": trained.metadata["examples"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        print_json(summary)
        return
    counts = ", ".join(f"{k} {v:,}" for k, v in summary["examples"].items())
    typer.echo(f"trained on {counts} in {summary['seconds']} s -> {path}")


@cdr_app.command("generate")
def generate_command(
    out: Path = typer.Option(
        ..., "--out", help="Folder for cdr.parquet (or cdr.csv) and truth.csv."
    ),
    subscribers: int = typer.Option(
        20_000, "--subscribers", min=generator.MIN_SUBSCRIBERS, help="Ordinary subscribers."
    ),
    days: int = typer.Option(14, "--days", min=1, max=generator.MAX_DAYS, help="Days of traffic."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same files."),
    fraud_scale: float = typer.Option(
        1.0, "--fraud-scale", min=0.0, help="Multiply every planted fraud rate by this."
    ),
    csv_format: bool = typer.Option(False, "--csv", help="Write CSV instead of Parquet."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a synthetic operator's CDRs with planted fraud, call centres and ground truth."""
    config = generator.configure(
        subscribers=subscribers, days=days, seed=seed, fraud_scale=fraud_scale
    )
    try:
        made = generator.write(config, out, fmt="csv" if csv_format else "parquet")
    except ScamgridError as error:
        fail(f"--out: {error.message}", error.exit_code)
        return
    if as_json:
        print_json(made.to_dict())
    else:
        typer.echo(made.summary())


@cdr_app.command("evaluate-sichuan")
def evaluate_sichuan_command(
    data_dir: Path = typer.Option(
        None, "--data-dir", help="Folder of the public data sets (default: SCAMGRID_DATA_DIR)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Train and test on the real Sichuan fraud users (stratified 60/20/20 split)."""
    try:
        report = sichuan.evaluate((data_dir or settings.data_dir()) / sichuan.FOLDER)
    except ScamgridError as error:
        fail(error.message, error.exit_code)
        return
    if as_json:
        print_json(report.to_dict())
        return
    p = report.published
    typer.echo(
        f"Sichuan: {report.users:,} users ({report.fraud_share:.0%} fraud), test {report.test}"
    )
    typer.echo(f"{'':<10} {'ours':>7} {'published':>9}")
    for key in ("accuracy", "precision", "recall", "f1", "macro_f1", "auc"):
        ours = getattr(report, key)
        theirs = p.get(key)
        shown = f"{theirs:.4f}" if isinstance(theirs, float) else "-"
        typer.echo(f"{key:<10} {ours:>7.4f} {shown:>9}")
    typer.echo(f"published: {p['source']}")


def register(app: typer.Typer) -> None:
    app.add_typer(cdr_app, name="cdr")
