"""`scamgrid text train|evaluate` and `scamgrid check text|messages`: the text detector."""

from __future__ import annotations

import csv
import getpass
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import orjson
import typer
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from scamgrid import settings
from scamgrid.cases import checks, lures
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.detect.text import corpus, evaluate, training
from scamgrid.detect.text.check import Detector, Verdict
from scamgrid.detect.text.citations import Cite
from scamgrid.detect.text.classifier import TextModel
from scamgrid.errors import InvalidInput, ScamgridError
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency

text_app = typer.Typer(help="Train and evaluate the scam-message and fake-job detector.")
check_app = typer.Typer(help="Check messages for scams and fake job offers.")

BATCH = 1000
PROGRESS_FROM = 2000  # rows; shorter files get no progress bar

MODEL_OPTION = typer.Option(None, "--model", help="Model file (default: the trained one).")
LANG_OPTION = typer.Option(
    None, "--lang", help="Language of the message(s) (en, zh, th, my, ...); detected if omitted."
)
COUNTRY_OPTION = typer.Option(None, "--country", help="Country hint for phone numbers.")
AGENCY_OPTION = typer.Option(
    None, "--as-agency", help="Cite only what this agency may see (default: the whole node)."
)
OFFLINE_OPTION = typer.Option(
    False, "--offline", help="Do not look the message's identifiers up in the store."
)
DATA_OPTION = typer.Option(
    None, "--data-dir", help="Folder of the public data sets (default: SCAMGRID_DATA_DIR)."
)


@text_app.command("train")
def train_command(
    data_dir: Path = DATA_OPTION,
    out: Path = typer.Option(None, "--out", help="Where to write the model."),
    per_category: int = typer.Option(
        0, "--per-category", min=0, help="Use only this many texts per set and category (quick)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Build the model from every public set and the hand-labelled lures (deterministic)."""
    started = time.perf_counter()
    try:
        examples = corpus.read_all(data_dir or settings.data_dir())
        if per_category:
            examples = training.subset(examples, per_category)
        model, trained = training.build(examples)
    except ScamgridError as error:
        fail(error.message, error.exit_code)
    path = out or training.model_path()
    model.save(path)
    summary = {
        **model.metadata,
        "model": str(path),
        "seconds": round(time.perf_counter() - started, 1),
        "trained_on": len(trained),
        "threshold": model.threshold,
        "thresholds": model.thresholds,
    }
    if as_json:
        print_json(summary)
        return
    typer.echo(f"trained on {len(trained):,} messages in {summary['seconds']} s -> {path}")
    for name, count in model.metadata["training_examples"].items():
        held = model.metadata["held_out_examples"].get(name, 0)
        typer.echo(f"  {name:<22} train {count:>6,}  held out {held:>5,}")
    cuts = ", ".join(f"{k} {v}" for k, v in model.thresholds.items())
    typer.echo(f"  cuts: {cuts}; other languages {model.threshold}")


@text_app.command("evaluate")
def evaluate_command(
    model_file: Path = MODEL_OPTION,
    data_dir: Path = DATA_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Precision, recall and F1 on the held-out splits, beside the published figures."""
    try:
        model = TextModel.load(model_file or training.model_path())
        report = evaluate.evaluate(model, corpus.read_all(data_dir or settings.data_dir()))
    except ScamgridError as error:
        fail(error.message, error.exit_code)
    if report.trained_on_held_out:
        fail(f"{report.trained_on_held_out} held-out texts were in training", 1)
    if as_json:
        print_json(report.to_dict())
        return
    for line in format_report(report):
        typer.echo(line)


def format_report(report: evaluate.Report) -> list[str]:
    lines = ["held-out splits (never trained on); flagged = spam, scam or lure vs legitimate"]
    header = f"{'set':<21} {'n':>5} {'acc':>6} {'macroF1':>7} {'flag P':>6} {'flag R':>6} "
    lines.append(header + f"{'flag F1':>7} {'fraud F1':>8}  published")
    for public in (True, False):
        if not public:
            lines.append("reported apart (hand-labelled, written for the tests):")
        for s in (s for s in report.sets if s.public is public):
            fraud = f"{s.fraud.f1:.4f}" if s.fraud else "-"
            figure = "n/a" if s.published.value is None else f"{s.published.value:.4f}"
            lines.append(
                f"{s.data_set:<21} {s.examples:>5} {s.accuracy:>6.4f} {s.macro_f1:>7.4f} "
                f"{s.flagged.precision:>6.4f} {s.flagged.recall:>6.4f} {s.flagged.f1:>7.4f} "
                f"{fraud:>8}  {s.published.metric} {figure}: {s.published.source}"
            )
    lines.append("per language (public sets, flagged vs legitimate):")
    for lang in report.languages:
        if lang.flagged is None:
            lines.append(f"  {lang.language:<3} {lang.note}")
        else:
            b = lang.flagged
            lines.append(
                f"  {lang.language:<3} n={lang.examples:<5} P {b.precision:.4f} "
                f"R {b.recall:.4f} F1 {b.f1:.4f}"
            )
    return lines


def _detector(model_file: Path | None) -> Detector:
    try:
        return Detector(TextModel.load(model_file or training.model_path()))
    except ScamgridError as error:
        fail(error.message, error.exit_code)
        raise  # unreachable: fail raises


def _jsonable(verdict: Verdict) -> dict[str, Any]:
    return verdict.to_dict()


@dataclass
class Store:
    """What a check needs of the store: the viewer and its look-up (none when offline)."""

    session: Session | None = None
    viewer: Viewer | None = None
    cite: Cite | None = None


@contextmanager
def _store(as_agency: str | None, offline: bool) -> Iterator[Store]:
    """The store's look-up for the identifiers in messages, as `as_agency` (or the node) sees."""
    url = make_url(settings.database_url())
    if offline or (url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file()):
        yield Store()
        return
    try:
        with database.session() as session:
            if not database.current_revisions(session.connection()):
                typer.echo("note: no database (`scamgrid db upgrade`); nothing is cited", err=True)
                yield Store()
                return
            viewer = viewer_for_agency(session, as_agency) if as_agency else SYSTEM
            yield Store(session, viewer, checks.store_cite(session, viewer))
    except ScamgridError as error:
        fail(error.message, error.exit_code)


@check_app.command("text")
def check_text_command(
    text: str = typer.Argument(..., help="The message or job ad to check."),
    lang: str = LANG_OPTION,
    country: str = COUNTRY_OPTION,
    model_file: Path = MODEL_OPTION,
    as_agency: str = AGENCY_OPTION,
    offline: bool = OFFLINE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Is this message a scam or a fake job offer? Label, score, evidence, cited identifiers
    (what agencies reported about them, never who) and advice."""
    if not text.strip():
        fail("TEXT is empty")
    detector = _detector(model_file)
    with _store(as_agency, offline) as store:
        verdict = detector.check(text, lang=lang, country=country, cite=store.cite)
    if as_json:
        print_json(_jsonable(verdict))
        return
    kind = f", {verdict.fraud_type}" if verdict.fraud_type else ""
    typer.echo(f"{verdict.label}{kind} (score {verdict.score:.2f}, language {verdict.language})")
    if verdict.evidence:
        typer.echo("evidence: " + " | ".join(e.phrase for e in verdict.evidence))
    for indicator in verdict.indicators:
        typer.echo(f"{indicator.type} {indicator.value}: {indicator.explanation or 'not reported'}")
    typer.echo(verdict.advice)


@check_app.command("messages")
def check_messages_command(
    file: Path = typer.Argument(..., help="CSV with columns id,text (UTF-8)."),
    out: Path = typer.Option(None, "--out", help="Write the JSON lines here (default: stdout)."),
    lang: str = LANG_OPTION,
    country: str = COUNTRY_OPTION,
    model_file: Path = MODEL_OPTION,
    as_agency: str = AGENCY_OPTION,
    offline: bool = OFFLINE_OPTION,
    record_lures: bool = typer.Option(
        False,
        "--record-lures",
        help="Write the fake job ads found as job_lure reports of --as-agency (GREEN).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the closing summary as JSON (the lines are always JSON)."
    ),
) -> None:
    """Check every message of a CSV file; one JSON line per message."""
    if record_lures and (not as_agency or offline):
        fail("--record-lures needs --as-agency (the agency that owns the lure reports)")
    rows = read_messages(file)
    detector = _detector(model_file)
    counts: dict[str, int] = {}
    recorded: list[str] = []
    sink = out.open("wb") if out else sys.stdout.buffer
    try:
        with (
            _store(as_agency, offline) as store,
            click.progressbar(
                length=len(rows),
                label="checking",
                file=sys.stderr,
                hidden=len(rows) < PROGRESS_FROM,
            ) as bar,
        ):
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                texts = [text for _, text in batch]
                verdicts = detector.check_many(texts, lang=lang, country=country, cite=store.cite)
                for (message_id, _), verdict in zip(batch, verdicts, strict=True):
                    line = {"id": message_id, **_jsonable(verdict)}
                    sink.write(orjson.dumps(line, default=str) + b"\n")
                    counts[verdict.label.value] = counts.get(verdict.label.value, 0) + 1
                if record_lures:
                    recorded += _record(store, texts, verdicts)
                bar.update(len(batch))
    finally:
        if out:
            sink.close()
        else:
            sink.flush()
    summary: dict[str, Any] = {"messages": len(rows), **dict(sorted(counts.items()))}
    if record_lures:
        summary["lure_reports"] = len(recorded)
    if as_json:
        typer.echo(orjson.dumps(summary).decode(), err=True)
    else:
        typer.echo(", ".join(f"{k} {v}" for k, v in summary.items()), err=True)


def read_messages(file: Path) -> list[tuple[str, str]]:
    """(id, text) pairs; bad input stops with exit 2 naming the row and column."""
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for needed in ("id", "text"):
                if needed not in columns:
                    fail(f"{file}: missing column {needed!r} (columns: {', '.join(columns)})")
            rows = []
            for row in reader:
                where = f"{file} row {reader.line_num}"
                if None in row or any(value is None for value in row.values()):
                    fail(f"{where}: expected {len(columns)} columns")
                if not row["id"].strip():
                    fail(f"{where}: column 'id' is empty")
                if not row["text"].strip():
                    fail(f"{where}: column 'text' is empty")
                rows.append((row["id"], row["text"]))
    except FileNotFoundError:
        fail(f"{file}: no such file")
    except UnicodeDecodeError as error:
        fail(f"{file}: not UTF-8 ({error.reason} at byte {error.start})")
    except csv.Error as error:
        fail(f"{file}: {error}")
    return rows


def register(app: typer.Typer) -> None:
    app.add_typer(text_app, name="text")
    app.add_typer(check_app, name="check")


def _record(store: Store, texts: list[str], verdicts: list[Verdict]) -> list[str]:
    if store.session is None or store.viewer is None:
        raise InvalidInput("--record-lures needs the database (`scamgrid db upgrade`)")
    actor = Actor(f"cli:{getpass.getuser()}", store.viewer.agency_code)
    written = lures.record_lures(store.session, store.viewer, actor, texts, verdicts)
    store.session.commit()
    return written
