"""Phonetic keys for romanised names: what ad hoc passport spellings of one sound share.

Thai, Lao, Khmer and Burmese names reach passports through several romanisation habits (RTGS,
French-era Lao spellings, officers' ad hoc choices): `ph`/`p`, `th`/`t`, `kh`/`k`, `ch`/`j`,
`ee`/`i`, `oo`/`ou`/`u`, a trailing or silent `h` (`Oh`, `Phommachanh`), `w`/`v`, `y`/`i`,
doubled letters. `key` folds those into one spelling; `skeleton` keeps only the consonants, for
blocking. Input is lower-case ASCII (romanise first).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Applied in order; each (pattern, replacement) folds spellings of one sound together.
_RULES: tuple[tuple[str, str], ...] = (
    (r"[^a-z]", ""),
    (r"c(?!h)", "k"),  # Vietnamese and Khmer c (Công, Cường, Chhoeung) is k
    (r"tch|tsh|zh|ch|jh|j|q", "c"),  # ch / j / zh / q (pinyin) / tch (French)
    (r"tz|ts|dz", "z"),  # Wade-Giles ts/tz against pinyin z
    (r"hs|sh|x", "s"),  # Wade-Giles hs, pinyin x, sh
    (r"ph|bh|p", "p"),
    (r"th|dh", "t"),
    (r"kh|gh", "k"),
    (r"ee|ea|ie(?=$)|ii", "i"),
    (r"oo|ou|uu", "u"),
    (r"v|w", "w"),
    (r"y", "i"),
    (r"(?<=[aeiou])h", ""),  # Oh, Ah, Phommachanh: a silent h after a vowel
    (r"(?<=[bcdfgjklmnpqrstvwz])h|^h(?=[^aeiou])", ""),  # Htet, Hla, Hnin: Burmese aspirates
    (r"(.)\1+", r"\1"),  # doubled letters
)
_COMPILED = tuple((re.compile(pattern), replacement) for pattern, replacement in _RULES)
_VOWELS = re.compile(r"[aeiou]")
CACHE_SIZE = 200_000  # distinct tokens; a batch meets the same tokens again and again


@lru_cache(maxsize=CACHE_SIZE)
def key(token: str) -> str:
    """The phonetic key of one romanised token (or of a whole name without spaces)."""
    text = token.lower()
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=CACHE_SIZE)
def skeleton(token: str) -> str:
    """The phonetic key's consonants, the first letter kept even when it is a vowel."""
    folded = key(token)
    if not folded:
        return ""
    return folded[0] + _VOWELS.sub("", folded[1:])
