"""Catalogs: every message of every page and every vocabulary label in every language."""

from __future__ import annotations

import re
import string

import pytest

from scamgrid.web import i18n

# `_("...")` and `_('...')` in templates, and `_("country." ~ c)` keys built from a prefix.
MESSAGE = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")
COUNTRIES = ("TH", "CN", "MM", "LA", "KH", "VN")
# Error pages translate the error's title (`_(title)`): the titles of the error tree.
ERROR_TITLES = {
    "Not found",
    "Forbidden",
    "Invalid input",
    "Invalid identifier",
    "Conflict",
    "Too many requests",
    "Internal error",
}


def template_messages() -> set[str]:
    found: set[str] = set()
    for path in (i18n.LOCALES.parent / "templates").glob("*.html"):
        for double, single in MESSAGE.findall(path.read_text(encoding="utf-8")):
            found.add((double or single).replace("\\'", "'").replace('\\"', '"'))
    found |= {f"country.{c}" for c in COUNTRIES} | ERROR_TITLES
    return found


def vocabulary_keys() -> set[str]:
    return {f"{kind}.{v.value}" for kind, enum in i18n.LABELLED.items() for v in enum}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_templates_use_messages() -> None:
    assert len(template_messages()) > 100  # the extraction itself works


def test_english_names_every_vocabulary_label() -> None:
    assert vocabulary_keys() <= set(i18n.catalog("en"))


@pytest.mark.parametrize("lang", ["zh", "th", "my"])
def test_every_message_and_label_is_translated(lang: str) -> None:
    catalog = i18n.catalog(lang)
    missing = sorted((template_messages() | vocabulary_keys()) - set(catalog))
    assert not missing, f"{lang}.json lacks {missing}"
    for message, translation in catalog.items():
        assert translation.strip(), f"{lang}: empty translation of {message!r}"
        source = i18n.catalog("en").get(message, message)
        assert fields(translation) == fields(source), f"{lang}: placeholders of {message!r}"


@pytest.mark.parametrize("lang", ["zh", "th", "my"])
def test_catalogs_hold_no_stale_messages(lang: str) -> None:
    stale = set(i18n.catalog(lang)) - template_messages() - vocabulary_keys()
    assert not stale, f"{lang}.json has messages no page uses: {sorted(stale)}"


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, "th-TH,th;q=0.9,en;q=0.8", "th"),
        (None, "my-MM", "my"),
        (None, "zh-CN,zh;q=0.9", "zh"),
        (None, "fr-FR,en;q=0.3,th;q=0.5", "th"),
        (None, "de", "en"),
        (None, None, "en"),
        ("my", "th", "my"),
        ("xx", "zh", "zh"),
        (None, "th;q=abc, zh", "zh"),
    ],
)
def test_language_comes_from_the_cookie_else_the_browser(
    cookie: str | None, header: str | None, expected: str
) -> None:
    assert i18n.negotiate(cookie, header) == expected


def test_missing_translation_falls_back_to_english_with_values() -> None:
    _ = i18n.translator("th")
    assert _("no such message {n}", n=3) == "no such message 3"
    assert i18n.labeller("zh")("fraud_type", "nonexistent") == "nonexistent"
