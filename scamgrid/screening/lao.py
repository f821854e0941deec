"""Lao names: script to the spellings Lao passports use (French-era habits), over anyascii.

anyascii transliterates Lao letter by letter in the order they are stored, which is not the
order they are read: the vowels ເ ແ ໂ ໄ ໃ are written (and stored) before the consonant they
follow in speech, so `ໄຊ` comes out `aix` instead of `xai`. This module moves them after their
consonant, drops the silent ຫ that only marks the tone of ງ ຍ ນ ມ ລ ວ (`ສະຫວາດ` Savath), and
spells the letters passports spell otherwise: ຍ `y` (not `gn`), ຊ `s` (not `x`), ອ `o` after a
consonant (it is only a vowel carrier at the start of a syllable), ວ `o` at the end of a
syllable (`ແກ້ວ` Keo), ດ and ບ closing a word `t` and `p` (as spoken). The rest is anyascii's.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_PREVOWEL = "\u0ec0-\u0ec4"  # ເ ແ ໂ ໄ ໃ
_CONSONANT = "\u0e81-\u0eae\u0edc-\u0edf"
_SONORANT = "ງຍນມລວ"
_REORDER = re.compile(rf"([{_PREVOWEL}])(ຫ(?=[{_SONORANT}]))?([{_CONSONANT}])")
_SILENT_H = re.compile(rf"ຫ(?=[{_SONORANT}])")
_FINAL_W = re.compile(rf"ວ(?=[{_CONSONANT}]|$|\s)")
_FINAL_STOP = re.compile(r"[ດບ](?=$|\s)")
_MEDIAL_O = re.compile(rf"(?<=[{_CONSONANT}\u0eb1-\u0ecd])ອ")
_LETTERS = str.maketrans({"ຍ": "y", "ຊ": "s", "ໄ": "ai", "ໃ": "ai", "ແ": "ae"})


def _logical(text: str) -> str:
    """Prevowels after their consonant, the tone-marking ຫ dropped."""
    moved = _REORDER.sub(lambda m: m.group(3) + m.group(1), text)
    return _SILENT_H.sub("", moved)


def romanise(text: str) -> str:
    """A Lao name in Latin letters as a passport would likely spell it (lower case)."""
    logical = _logical(text)
    # ວ closing a syllable is the vowel o; ວ opening one is v (done by anyascii).
    logical = _FINAL_W.sub(lambda m: "o" if m.start() > 0 else m.group(0), logical)
    logical = _MEDIAL_O.sub("o", logical)
    logical = _FINAL_STOP.sub(lambda m: "t" if m.group(0) == "ດ" else "p", logical)
    return anyascii(logical.translate(_LETTERS)).lower()
