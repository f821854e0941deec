"""Which language a message is in, from its script and a few cues; no model, no I/O.

Han -> zh, Thai -> th, Myanmar -> my, Lao -> lo, Khmer -> km (the script with the most letters
wins). Latin text is Vietnamese when it carries Vietnamese-only letters (ă, ơ, ư, đ, or a tone
mark on a vowel), Indonesian when its common words outnumber English ones, English otherwise.
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("en", "zh", "th", "my", "lo", "km", "vi", "id")

_SCRIPTS: dict[str, re.Pattern[str]] = {  # a character class per script: findall runs in C
    "zh": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"),
    "th": re.compile("[\u0e00-\u0e7f]"),
    "lo": re.compile("[\u0e80-\u0eff]"),
    "my": re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]"),
    "km": re.compile("[\u1780-\u17ff\u19e0-\u19ff]"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
}

_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
_VIETNAMESE_TONED = (0x1EA0, 0x1EF9)  # ạ ả ấ ... ỹ: precomposed vowels with Vietnamese tones
_WORD = re.compile(r"[^\W\d_]+")


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


_INDONESIAN = _words(
    "yang dan di ke dari untuk dengan ini itu tidak sudah bisa akan ada saya kamu anda kami",
    "kita mau aja juga atau sama lagi pulsa minta tolong nomor hadiah selamat silahkan",
    "silakan segera hubungi info rumah mama papa sy gak nggak udah dgn utk yg tdk",
)
_ENGLISH = _words(
    "the and to you your for is are of in on it this that with have be will can my me we",
    "at now from call text free win please get our not",
)


def detect(text: str) -> str:
    if text.isascii():  # no other script and no Vietnamese letter: skips six scans of the text
        return _english_or_indonesian(text)
    counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS.items()}
    script = max(counts, key=lambda code: counts[code])
    if not counts[script] or script == "latin":
        return _latin(text)
    return script


def _latin(text: str) -> str:
    low, high = _VIETNAMESE_TONED
    for char in unicodedata.normalize("NFC", text):
        if char in _VIETNAMESE_LETTERS or low <= ord(char) <= high:
            return "vi"
    return _english_or_indonesian(text)


def _english_or_indonesian(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    indonesian = sum(1 for w in words if w in _INDONESIAN)
    english = sum(1 for w in words if w in _ENGLISH)
    return "id" if indonesian > english else "en"
