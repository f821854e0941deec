"""A name in any script as the Latin token sequences documents may write it in.

`analyse` returns every *form* of a name: the romanisations of its script (pinyin and older
spellings for Chinese characters, RTGS for Thai, a syllable table for Burmese, transliteration
for Lao and Khmer, Vietnamese without diacritics) and, for Latin names, the name as written and
without honorifics. Each form is written out in the orders documents put names in (family name
first or last, any order for Burmese token sets), and as phonetic keys. Results are cached: a
batch screens the same names again and again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from scamgrid.screening import burmese, chinese, lao, phonetic
from scamgrid.screening.scripts import script_of

# Titles that are not part of a name, in Latin (lower case) and in Thai, Lao and Khmer script.
LATIN_TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "mdm", "madam", "nai", "nang", "nangsao", "thao", "sir"]
)
SCRIPT_TITLES = ("นางสาว", "นาย", "นาง", "ด.ช.", "ด.ญ.", "ທ້າວ", "ນາງ", "លោកស្រី", "លោក", "កញ្ញា")
CACHE_SIZE = 500_000

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Form:
    tokens: tuple[str, ...]  # lower-case ASCII
    how: str  # how it was obtained: "as written", "pinyin", "Wade-Giles", "RTGS"...


@dataclass(frozen=True)
class AnalysedName:
    original: str
    script: str
    forms: tuple[Form, ...]
    texts: tuple[str, ...]  # every form in every order, joined without spaces
    tokens: tuple[tuple[str, ...], ...]  # the tokens of `texts`, position for position
    written: tuple[bool, ...]  # whether each text keeps the order its form was written in
    keys: tuple[str, ...]  # phonetic keys of `texts`, position for position
    skeletons: tuple[str, ...]  # consonant skeletons of `texts`, position for position
    sources: tuple[int, ...]  # index into `forms` of each text


def latin_tokens(text: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a Latin name: accents and tone marks or digits folded,
    CamelCase (`ZhangWei`) and hyphens (`Wei-Kuo`) split, commas dropped."""
    spaced = _CAMEL.sub(" ", anyascii(text).replace("'", "").replace("\u2019", ""))
    return tuple(t for t in _SPLIT.split(spaced.lower()) if t)


def _strip_titles(text: str) -> str:
    for title in SCRIPT_TITLES:
        if text.startswith(title) and len(text) > len(title):
            return text[len(title) :].strip()
    return text


@lru_cache(maxsize=CACHE_SIZE)
def _thai_word(word: str) -> str:
    from pythainlp.transliterate import romanize  # imported on first Thai name: 0.1 s

    return romanize(word, engine="royin")


def _thai(text: str) -> tuple[str, ...]:
    # Word by word (given name, surname), so each word is romanised once per process.
    words = _strip_titles(text).split()
    return latin_tokens(" ".join(_thai_word(w) for w in words))


def _script_forms(name: str, script: str) -> list[Form]:
    if script == "han":
        forms = chinese.romanisations(name)
        return [Form(f, "pinyin" if i == 0 else "older spelling") for i, f in enumerate(forms)]
    if script == "burmese":
        tokens, stripped = burmese.romanise(name)
        found = [Form(stripped, "Burmese syllables")]
        return found + ([Form(tokens, "Burmese syllables")] if tokens != stripped else [])
    if script == "thai":
        return [Form(_thai(name), "RTGS (pythainlp royin)")]
    if script == "lao":
        return [Form(latin_tokens(lao.romanise(_strip_titles(name))), "Lao passport spelling")]
    if script == "khmer":
        return [Form(latin_tokens(anyascii(_strip_titles(name))), "transliterated (anyascii)")]
    tokens = latin_tokens(name)
    untitled = tokens
    while len(untitled) > 1 and untitled[0] in LATIN_TITLES:
        untitled = untitled[1:]
    stripped = burmese.strip_honorifics(untitled)
    found = [Form(untitled, "as written")]
    if stripped != untitled:
        found.append(Form(stripped, "honorific stripped"))
    return found


def orders(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """As written, family name moved to the other end, and sorted (for Burmese token sets)."""
    found = [tokens]
    if len(tokens) > 1:
        found += [tokens[1:] + tokens[:1], tokens[-1:] + tokens[:-1], tuple(sorted(tokens))]
    unique: list[tuple[str, ...]] = []
    for order in found:
        if order not in unique:
            unique.append(order)
    return unique


@lru_cache(maxsize=CACHE_SIZE)
def analyse(name: str) -> AnalysedName:
    script = script_of(name)
    forms = tuple(f for f in _script_forms(name.strip(), script) if f.tokens)
    texts: list[str] = []
    tokens: list[tuple[str, ...]] = []
    written: list[bool] = []
    sources: list[int] = []
    for position, form in enumerate(forms):
        for rank, order in enumerate(orders(form.tokens)):
            text = "".join(order)
            if text not in texts:
                texts.append(text)
                tokens.append(order)
                written.append(rank == 0)
                sources.append(position)
    keys = tuple(phonetic.key(t) for t in texts)
    skeletons = tuple(phonetic.skeleton(t) for t in texts)
    return AnalysedName(
        name,
        script,
        forms,
        tuple(texts),
        tuple(tokens),
        tuple(written),
        keys,
        skeletons,
        tuple(sources),
    )
