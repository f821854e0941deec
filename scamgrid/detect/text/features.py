"""Hashed character n-grams and Latin-script words, computed for a whole batch at once with numpy.

No word segmentation: Chinese, Thai, Burmese, Lao and Khmer write without spaces, so a message
is read as overlapping runs of 1 to 5 characters. The text is normalised one character at a
time (full-width forms to ASCII, every decimal digit to `0`, every space to ` `), so position k
of the normalised text is position k of the message: evidence maps back exactly. Case is kept:
shouting ("URGENT", "FREE") is a signal, and folding it cost 1-2 points of spam F1 on UCI.

Each n-gram is hashed from its code points (a polynomial hash, then murmur's 64-bit finaliser)
into `2**bits` columns; counts are damped with log1p and each row is scaled to unit length.

Beside them, `WordHasher` reads the words of space-separated Latin-script text (English,
Indonesian, Vietnamese), case-folded, as hashed unigrams and bigrams: "claim ur", "txt stop",
"000p" (digits are folded first, so a number is a word of its length). Character n-grams see
inside words but not which words follow each other; on the training side's out-of-fold
predictions the two together miss a fifth fewer English spam messages than n-grams alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

_SEPARATOR = 0  # code point joining messages in a batch; removed from every message first
_MULTIPLIER = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)


def _normalisation_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20000):  # the BMP and the SMP hold every digit and space
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd":
            table[code] = "0"
        elif category in ("Zs", "Zl", "Zp") or char in "\t\n\r\x0b\x0c\x00\u200b\ufeff":
            table[code] = " "
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII, then as its ASCII twin
        ascii_char = chr(code - 0xFEE0)
        table[code] = table.get(ord(ascii_char), ascii_char)
    return table


_TABLE = _normalisation_table()


def normalise(text: str) -> str:
    """Full-width ASCII folded, digits as `0`, spaces as ` `; always the length of `text`."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class NgramHasher:
    """Turns messages into a sparse matrix of hashed, damped, unit-length n-gram counts."""

    bits: int = 19
    min_n: int = 1
    max_n: int = 5
    max_chars: int = 1000  # longer texts are cut: the opening carries the signal, and time

    @property
    def n_features(self) -> int:
        return 1 << self.bits

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.transform_normalised([normalise(t) for t in texts])

    def transform_normalised(self, normalised: list[str]) -> sparse.csr_matrix:
        """`transform` of texts already passed through `normalise` (which keeps length, so the
        normalised text can be cut like the text)."""
        rows, columns = self._hashed([t[: self.max_chars] for t in normalised])
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(normalised), self.n_features),
        )
        return _damped_unit_rows(counts)

    def columns(self, normalised: str) -> list[tuple[int, int, int]]:
        """Every n-gram of one normalised text as (start, length, column)."""
        found: list[tuple[int, int, int]] = []
        codes = _code_points(normalised)
        for n in range(self.min_n, self.max_n + 1):
            for start, column in enumerate(self._hash_n(codes, n)):
                found.append((start, n, int(column)))
        return found

    def _hashed(self, normalised: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        codes = _code_points("\x00".join(t.replace("\x00", " ") for t in normalised))
        doc_of = np.cumsum(codes == _SEPARATOR, dtype=np.int64)
        is_separator = codes == _SEPARATOR
        separators_before = np.concatenate(([0], np.cumsum(is_separator, dtype=np.int64)))
        all_rows: list[npt.NDArray[np.int64]] = []
        all_columns: list[npt.NDArray[np.int64]] = []
        for n in range(self.min_n, self.max_n + 1):
            if len(codes) < n:
                continue
            columns = self._hash_n(codes, n)
            clean = separators_before[n:] - separators_before[: len(codes) - n + 1] == 0
            all_rows.append(doc_of[: len(codes) - n + 1][clean])
            all_columns.append(columns[clean])
        if not all_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(all_rows), np.concatenate(all_columns)

    def _hash_n(self, codes: npt.NDArray[np.uint64], n: int) -> npt.NDArray[np.int64]:
        """Column of the n-gram starting at each position (positions past the end dropped)."""
        count = len(codes) - n + 1
        if count <= 0:
            return np.zeros(0, dtype=np.int64)
        value = np.full(count, np.uint64(n), dtype=np.uint64)
        for k in range(n):
            value = (value * _MULTIPLIER) ^ codes[k : k + count]
        return (_mix(value) & np.uint64(self.n_features - 1)).astype(np.int64)


# A word: a run of Latin letters and digits, or one currency sign. NUL separates messages.
_WORD = re.compile("\x00|[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff]+|[£$€¥฿₫]")
_BIGRAM = np.uint64(0x9E3779B97F4A7C15)  # keeps a bigram's hash apart from its words'


@dataclass(frozen=True)
class WordHasher:
    """Hashed, case-folded Latin-script word unigrams and bigrams; damped, unit length.

    Words are cut to `max_word` characters (their code points are hashed as one fixed-width
    row, so a whole batch hashes in a few numpy operations)."""

    bits: int = 18
    max_chars: int = 1000
    max_word: int = 16

    @property
    def n_features(self) -> int:
        return 1 << self.bits

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.transform_normalised([normalise(t[: self.max_chars]) for t in texts])

    def transform_normalised(self, normalised: list[str]) -> sparse.csr_matrix:
        """`transform` of texts already passed through `normalise`."""
        rows, columns = self._hashed(normalised)
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(normalised), self.n_features),
        )
        return _damped_unit_rows(counts)

    def words(self, text: str) -> list[str]:
        """The words of one message as they are hashed."""
        return [
            w[: self.max_word] for w in _WORD.findall(normalise(text[: self.max_chars]).lower())
        ]

    def _hashed(self, normalised: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        joined = "\x00".join(t[: self.max_chars].lower() for t in normalised)
        tokens = _WORD.findall(joined)
        if not tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        fixed = np.array(tokens, dtype=f"<U{self.max_word}")  # cuts longer words
        codes = fixed.view(np.uint32).reshape(len(tokens), self.max_word).astype(np.uint64)
        separator = codes[:, 0] == _SEPARATOR
        document = np.cumsum(separator, dtype=np.int64)
        value = np.full(len(tokens), np.uint64(self.max_word), dtype=np.uint64)
        for k in range(self.max_word):
            value = (value * _MULTIPLIER) ^ codes[:, k]
        unigram = _mix(value)
        pair = ~separator[:-1] & ~separator[1:]
        bigram = _mix((unigram[:-1][pair] * _MULTIPLIER) ^ unigram[1:][pair] ^ _BIGRAM)
        mask = np.uint64(self.n_features - 1)
        rows = np.concatenate((document[~separator], document[:-1][pair]))
        columns = np.concatenate((unigram[~separator], bigram)) & mask
        return rows, columns.astype(np.int64)


def _mix(value: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Murmur3's 64-bit finaliser: every input bit moves every output bit."""
    value ^= value >> _SHIFT
    value *= _MIX1
    value ^= value >> _SHIFT
    value *= _MIX2
    value ^= value >> _SHIFT
    return value


def _damped_unit_rows(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    counts.sum_duplicates()
    np.log1p(counts.data, out=counts.data)
    lengths = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    scale = np.repeat((1.0 / lengths).astype(np.float32), np.diff(counts.indptr))
    counts.data *= scale
    return counts


def _code_points(text: str) -> npt.NDArray[np.uint64]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
