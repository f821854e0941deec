"""Burmese names: syllables in Burmese script to their usual passport spellings; honorifics.

Burmese names have no family name: a name is a sequence of syllables, each romanised by habit
rather than by a standard (`ထွန်း` Tun / Htun / Tunn). The script is cut into syllables by the
usual rule (a consonant starts a syllable unless an asat or a stacking sign follows it, or a
stacking sign precedes it), each syllable is looked up in a table of name syllables, and those
not in it go through ICU's Myanmar-Latin transliteration (via rigour). Honorifics (U, Daw, Ko,
Ma, Maung, Mg, Saw, Naw, Nang, Sai...) are not part of the name.
"""

from __future__ import annotations

import re
from functools import cache

from rigour.text import ascii_text

# Latin honorifics (lower case): U (elder man), Daw (woman), Ko / Maung / Mg (man), Ma (woman),
# Saw / Naw (Karen man / woman), Sai / Nang (Shan man / woman), Nan, Mi (Mon), Khun (Shan).
HONORIFICS = frozenset(
    [
        "u",
        "daw",
        "ko",
        "maung",
        "mg",
        "ma",
        "saw",
        "naw",
        "sai",
        "nang",
        "nan",
        "mi",
        "khun",
        "dr",
        "bo",
    ]
)
SCRIPT_HONORIFICS = frozenset(["ဦး", "ဒေါ်", "ကို", "မ", "မောင်", "စော", "နော်", "စိုင်း", "နန်း", "မိ"])

SYLLABLES = {
    "အောင်": "aung", "ကျော်": "kyaw", "ဇော်": "zaw", "ထက်": "htet", "နိုင်": "naing",
    "ဝင်း": "win", "စိုး": "soe", "မြင့်": "myint", "မင်း": "min", "မိုး": "moe", "ထွန်း": "tun",
    "လွင်": "lwin", "သန့်": "thant", "ဖြိုး": "phyo", "နွယ်": "nwe", "သူ": "thu", "ရဲ": "ye",
    "ညီ": "nyi", "သိန်း": "thein", "ခင်": "khin", "စန်း": "san", "သန်း": "than", "ဌေး": "htay",
    "မြ": "mya", "လှ": "hla", "ဇင်": "zin", "ချို": "cho", "ယု": "yu", "ရီ": "yi", "ဖူး": "phoo",
    "ပိုင်": "paing", "ဟိန်း": "hein", "တင်": "tin", "ကြည်": "kyi", "အေး": "aye", "ချစ်": "chit",
    "ဆွေ": "swe", "ငြိမ်း": "nyein", "ပြည့်": "pyae", "ဖြူ": "phyu", "သက်": "thet", "ဟန်": "han",
    "ခိုင်": "khaing", "ကောင်း": "kaung", "ထား": "htar", "သီ": "thi", "လင်း": "linn",
    "ဝေ": "wai", "ရွှေ": "shwe", "ဘ": "ba", "ဘို": "bo", "ဦး": "u", "ဒေါ်": "daw", "ကို": "ko",
    "မ": "ma", "မောင်": "maung", "စော": "saw", "နော်": "naw", "စိုင်း": "sai", "နန်း": "nang",
    "ပြည်": "pyi", "သဲ": "thae", "ဆု": "su", "နု": "nu", "ဝါ": "wah",
    "မာ": "mar", "လေး": "lay", "ထိုက်": "htaik", "ဇေ": "zay", "ယာ": "yar", "ရှိန်": "shein",
    "မျိုး": "myo", "ညွန့်": "nyunt", "ကြူ": "kyu",
    "သော်": "thaw", "ဖေ": "phay", "ရင်": "yin", "နီ": "ni", "ပု": "pu", "သာ": "thar",
    "စု": "su", "ကြီး": "gyi", "ငယ်": "nge", "ဘုန်း": "phone", "ပွင့်": "pwint",
    "ကြိုင်": "kyaing", "ဉာဏ်": "nyan", "ဝဏ္ဏ": "wunna", "ဇာ": "zar", "ချမ်း": "chan",
    "ငွေ": "ngwe", "ရည်": "yee", "ထွေး": "htwe", "ဘဲ": "bae", "မို့": "moh", "ဦ": "u",
}  # fmt: skip

_CONSONANT = "\u1000-\u1021"
_OTHER = "\u1023-\u102a\u103f\u104c-\u104f"  # independent vowels, great sa, symbols
_BREAK = re.compile(
    rf"((?<!\u1039)[{_CONSONANT}](?!\u1037?[\u103a\u1039])|[{_OTHER}]|[a-zA-Z0-9]+)"
)


def syllables(text: str) -> list[str]:
    """Burmese text cut into syllables (spaces dropped)."""
    marked = _BREAK.sub(lambda m: " " + m.group(1), text)
    return marked.split()


def _romanise_syllable(syllable: str) -> str:
    if syllable in SYLLABLES:
        return SYLLABLES[syllable]
    return "".join(ch for ch in ascii_text(syllable).lower() if ch.isalpha())


@cache
def romanise(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(syllables romanised, the same without a leading honorific) of a name in Burmese script."""
    parts = syllables(text)
    tokens = tuple(t for t in (_romanise_syllable(p) for p in parts) if t)
    stripped = tokens
    if len(parts) > 1 and parts[0] in SCRIPT_HONORIFICS:
        stripped = tokens[1:]
    return tokens, stripped


def strip_honorifics(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Leading Latin honorifics removed, as long as a name is left."""
    rest = tokens
    while len(rest) > 1 and rest[0] in HONORIFICS:
        rest = rest[1:]
    return rest
