"""Checking messages against the text model *and* what the agencies reported.

The detector (scamgrid.detect.text) reads the text; every identifier it extracts is looked up in
the store for the asking party (the public sees CLEAR and GREEN data only), and a reported value
raises the score and is cited: how often and as what, never by whom.
"""

from __future__ import annotations

from pathlib import Path
from threading import Lock
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from scamgrid.detect.text import training
from scamgrid.detect.text.check import Detector, Verdict
from scamgrid.detect.text.citations import Citation, Cite, IdentifierLike
from scamgrid.detect.text.classifier import TextModel
from scamgrid.errors import ScamgridError
from scamgrid.store.lookup import bulk_lookup
from scamgrid.store.visibility import Viewer

MAX_MESSAGES = 1000


class ModelMissing(ScamgridError):
    http_status = 503
    title = "Text model not trained"


_detectors: dict[tuple[Path, float], Detector] = {}
_lock = Lock()


def detector(path: Path | None = None) -> Detector:
    """The detector for the trained model, loaded once per model file version."""
    model_file = path or training.model_path()
    if not model_file.exists():
        raise ModelMissing(f"no text model at {model_file}: run `scamgrid text train`")
    key = (model_file, model_file.stat().st_mtime)
    with _lock:
        if key not in _detectors:
            _detectors.clear()
            _detectors[key] = Detector(TextModel.load(model_file))
        return _detectors[key]


def store_cite(session: Session, viewer: Viewer) -> Cite:
    """A `cite` function answering from the store, as `viewer` may see it."""

    def cite(identifier: IdentifierLike) -> Citation | None:
        # A link is cited by itself, or else by its domain (blocklists list domains).
        candidates = [(identifier.value, str(identifier.type), None)]
        if str(identifier.type) == "url":
            domain = urlsplit(identifier.value).hostname or ""
            candidates.append((domain, "domain", None))
        hits = bulk_lookup(session, viewer, candidates)
        hit = next((h for h in hits if h.reported), None)
        if hit is None or hit.value is None or hit.type is None:
            return None
        ranked = sorted(hit.fraud_types, key=lambda k: -hit.fraud_types[k])
        return Citation(
            value=hit.value,
            type=hit.type,
            report_count=hit.report_count,
            fraud_types=tuple(ranked),
            first_seen=hit.first_seen.date() if hit.first_seen else None,
            last_seen=hit.last_seen.date() if hit.last_seen else None,
        )

    return cite


def check_messages(
    session: Session,
    viewer: Viewer,
    texts: list[str],
    lang: str | None = None,
    country: str | None = None,
) -> list[Verdict]:
    return detector().check_many(
        texts, lang=lang, country=country, cite=store_cite(session, viewer)
    )
