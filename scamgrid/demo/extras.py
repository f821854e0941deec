"""What the demo needs beyond its own world: public blocklists as feeds, and a text model."""

from __future__ import annotations

from pathlib import Path

from scamgrid import settings
from scamgrid.detect.text import corpus, training
from scamgrid.ingest.blocklist import blocklist_rows
from scamgrid.ingest.load import IngestSummary, ingest_records
from scamgrid.ingest.reports import ReadOptions, validate_rows

FEED_OWNER = "LM-LESC"  # the joint centre publishes the public lists it relies on


def load_feeds(url: str | None = None) -> list[IngestSummary]:
    """The polkadot-js phishing lists from the shipped data sets, as CLEAR records."""
    folder = settings.data_dir() / "polkadot-phishing"
    summaries = []
    for name, fraud_type in (("all.json", "investment"), ("address.json", "investment")):
        path = folder / name
        if not path.is_file():
            continue
        # Wallets there are Polkadot/Kusama (SS58, `dot:`) addresses and load as such; the few
        # entries that fail validation (public suffixes such as deta.app, a file name) are kept
        # as raw values (valid = false) so look-ups still find them.
        options = ReadOptions(agency=FEED_OWNER, keep_invalid=True)
        rows = blocklist_rows(path, "polkadot-phishing", fraud_type)
        records = validate_rows(rows, str(path), options)
        summaries.append(ingest_records(records, str(path), "feed:polkadot-phishing", url))
    return summaries


def ensure_text_model() -> Path | None:
    """Train the text model from the shipped data sets unless one is already there."""
    path = training.model_path()
    if path.exists():
        return path
    data = settings.data_dir()
    if not (data / "uci-sms-spam").is_dir():
        return None
    model, _ = training.build(corpus.read_all(data))
    model.save(path)
    return path
