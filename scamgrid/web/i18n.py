"""The pages' languages: English, Simplified Chinese, Thai and Burmese.

Catalogs are JSON files in `locales/` mapping a message id to its translation. A message id is
the English text itself (`_("Search")`), or `kind.value` for a vocabulary label
(`fraud_type.job_task`), whose English text lives in `en.json`. JSON needs no compile step; the
test suite checks that every message of every template and every vocabulary label is in every
catalog, with the same `{placeholders}`.

The language is the `scamgrid_lang` cookie set by the picker, else the best match of the
browser's Accept-Language, else English.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from scamgrid.model import vocabulary

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = {"en": "English", "zh": "简体中文", "th": "ไทย", "my": "မြန်မာ"}
HTML_LANG = {"en": "en", "zh": "zh-Hans", "th": "th", "my": "my"}
DEFAULT = "en"
COOKIE = "scamgrid_lang"
# Vocabulary shown on pages: its labels are catalog entries `kind.value`.
LABELLED = {
    "fraud_type": vocabulary.FraudType,
    "text_fraud_type": vocabulary.TextFraudType,
    "text_label": vocabulary.TextLabel,
    "identifier": vocabulary.IdentifierType,
    "rescue_status": vocabulary.RescueStatus,
    "urgency": vocabulary.Urgency,
    "compound_status": vocabulary.CompoundStatus,
    "screening": vocabulary.ScreeningClass,
    "cdr": vocabulary.CdrLabel,
}


@cache
def catalog(lang: str) -> dict[str, str]:
    path = LOCALES / f"{lang}.json"
    entries: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def translator(lang: str) -> Callable[..., str]:
    """`_(message, **values)`: the translation (English if missing), with values filled in."""
    own, english = catalog(lang), catalog(DEFAULT)

    def gettext(message: str, **values: object) -> str:
        text = own.get(message) or english.get(message) or message
        return text.format(**values) if values else text

    return gettext


def labeller(lang: str) -> Callable[[str, object], str]:
    """`label(kind, value)`: the translated label of a vocabulary value (the value if unknown)."""
    own, english = catalog(lang), catalog(DEFAULT)

    def label(kind: str, value: object) -> str:
        key = f"{kind}.{value}"
        return own.get(key) or english.get(key) or str(value)

    return label


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The picked language, else the browser's best supported one by q-value, else English."""
    if cookie in LANGUAGES:
        return cookie
    best, best_q = DEFAULT, 0.0
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        q -= position * 1e-6  # equal weights: the earlier tag wins
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best
