"""How alike two names are across scripts, and the keys that bring candidates together.

`compare_names` compares every form of every name on one side with every form on the other, in
every order (family name first or last, token sets), both as spelled and as phonetic keys, with
rapidfuzz's normalised Indel similarity, and returns the best score with how the forms that
produced it were obtained (never the names: reasons are stored as evidence). Phonetic agreement
counts slightly less than spelling agreement (`PHONETIC_FACTOR`): `Jaidee` and `Chaidi` are the
same Thai name, `Zhang` and `Chang` are only probably the same Chinese one.

`blocking_keys` gives the keys a name is indexed under; two names that may match share one:
adjacent and non-adjacent token pairs (phonetic), each name's tokens joined (for `ZhangWei`
against `Zhang Wei`), token-prefix pairs (a typo at the end of a token) and consonant-skeleton
pairs (a typo in a vowel). A single-token name is keyed by its token.

A name whose tokens do not all agree keeps only part of its score (`TOKEN_FLOOR`, plus the rest
in proportion to its weakest token's Levenshtein agreement): `Tran Thanh An` and `Hoang Thanh
An` share most letters but not a family name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import combinations, pairwise

from rapidfuzz.distance import Indel, Levenshtein

from scamgrid.screening import phonetic
from scamgrid.screening.names import CACHE_SIZE, AnalysedName, analyse

PHONETIC_FACTOR = 0.96  # a phonetic-key match is worth this much of a spelling match
SKELETON_FACTOR = 0.92  # consonants alike, for Thai, Lao, Khmer and Burmese script only
# A name whose tokens do not all agree (`Tran Thanh An` / `Hoang Thanh An`) keeps this share
# of its score, plus the rest in proportion to its weakest token's agreement.
TOKEN_FLOOR = 0.5
# A match that needed the tokens reordered (`Wei Zhang` for 张伟, `Min Aung` for `Aung Min`)
# counts this much of one in written order: Burmese `Aung Min` and `Min Aung` are two people.
ORDER_FACTOR = 0.97
PREFIX = 3  # letters of each token in a prefix-pair key
# Scripts whose vowels romanise least reliably: their consonant skeletons are compared too.
VOWEL_LOOSE = frozenset(("thai", "lao", "khmer", "burmese"))


def _best(
    a: Sequence[str], b: Sequence[str], a_written: Sequence[bool], b_written: Sequence[bool]
) -> tuple[float, int, int]:
    """Best similarity of any text of `a` with any of `b`; a pair that needed reordering
    (family name moved, tokens sorted) counts ORDER_FACTOR of its similarity."""
    best, where = -1.0, (0, 0)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            score = Indel.normalized_similarity(x, y)
            if not (a_written[i] and b_written[j]):
                score *= ORDER_FACTOR
            if score > best:
                best, where = score, (i, j)
                if score == 1.0:
                    return best, i, j
    return best, where[0], where[1]


def _explain(a: AnalysedName, i: int, b: AnalysedName, j: int) -> str:
    """Which forms met, without the names themselves: reasons end up in stored evidence and in
    duplicate hints other agencies read, where names must not."""
    left, right = a.forms[a.sources[i]].how, b.forms[b.sources[j]].how
    return left if left == right else f"{left} ~ {right}"


def _covered(x: Sequence[str], y: Sequence[str], joined: bool) -> float:
    """How well the worst-matched token of `x` is found in `y` (Levenshtein similarity); with
    `joined`, a token may also match with a neighbour (`wei guo` written `weiguo`)."""
    pieces = list(y) + ([p + q for p, q in pairwise(y)] if joined else [])
    worst = 1.0
    for position, token in enumerate(x):
        own = [token]
        if joined and position > 0:
            own.append(x[position - 1] + token)
        if joined and position + 1 < len(x):
            own.append(token + x[position + 1])
        best = max(Levenshtein.normalized_similarity(t, p) for t in own for p in pieces)
        worst = min(worst, best)
    return worst


def token_agreement(x: Sequence[str], y: Sequence[str]) -> float:
    """The weakest token agreement (0..1) of two token sequences, both ways; 1.0 when either
    side is a single token (a joined name, `zhangwei`, has no tokens to align). Neighbours
    are joined only when the token counts differ."""
    if len(x) < 2 or len(y) < 2:
        return 1.0
    joined = len(x) != len(y)
    return min(_covered(x, y, joined), _covered(y, x, joined))


def compare_analysed(a: AnalysedName, b: AnalysedName) -> tuple[float, str]:
    if not a.texts or not b.texts:
        return 0.0, "no name to compare"
    score, i, j = _best(a.texts, b.texts, a.written, b.written)
    fold: Callable[[str], str] = str
    how = ""
    if score < 1.0:
        sounded, k, m = _best(a.keys, b.keys, a.written, b.written)
        if sounded * PHONETIC_FACTOR > score:
            score, i, j, fold, how = sounded * PHONETIC_FACTOR, k, m, phonetic.key, "phonetic"
        if sounded < 1.0 and (a.script in VOWEL_LOOSE or b.script in VOWEL_LOOSE):
            bare, k, m = _best(a.skeletons, b.skeletons, a.written, b.written)
            if bare * SKELETON_FACTOR > score:
                score, i, j, fold, how = (
                    bare * SKELETON_FACTOR,
                    k,
                    m,
                    phonetic.skeleton,
                    "consonants",
                )
        agreement = token_agreement([fold(t) for t in a.tokens[i]], [fold(t) for t in b.tokens[j]])
        if agreement < 1.0:
            score *= TOKEN_FLOOR + (1 - TOKEN_FLOOR) * agreement
            how += f"{', ' if how else ''}weakest token {agreement:.2f}"
    return score, _explain(a, i, b, j) + (f" ({how})" if how else "")


def compare_names(a: Sequence[str], b: Sequence[str]) -> tuple[float, str]:
    """Best similarity (0..1) of any name of `a` with any name of `b`, and which forms gave it."""
    best, why = 0.0, "no name to compare"
    for x in a:
        for y in b:
            score, reason = compare_analysed(analyse(x), analyse(y))
            if score > best or why == "no name to compare":
                best, why = score, reason
            if best == 1.0:
                return best, why
    return best, why


def name_keys(name: AnalysedName) -> set[str]:
    keys: set[str] = set()
    for form in name.forms:
        raw = [t for t in form.tokens if phonetic.key(t)]
        tokens = [phonetic.key(t) for t in raw]
        if not tokens:
            continue
        keys.add("j:" + "".join(tokens))
        keys.add("j:" + "".join(reversed(tokens)))
        if len(tokens) == 1:
            keys.add("t:" + tokens[0])
            continue
        for x, y in combinations(tokens, 2):
            keys.add("p:" + "|".join(sorted((x, y))))
            keys.add("q:" + "|".join(sorted((x[:PREFIX], y[:PREFIX]))))
        for x, y in combinations(raw, 2):
            keys.add("k:" + "|".join(sorted((phonetic.skeleton(x), phonetic.skeleton(y)))))
    return keys


@lru_cache(maxsize=CACHE_SIZE)
def _keys_of(name: str) -> frozenset[str]:
    return frozenset(name_keys(analyse(name)))


def blocking_keys(names: Iterable[str]) -> set[str]:
    """Keys under which names are indexed: two names that may match share at least one."""
    keys: set[str] = set()
    for name in names:
        keys |= _keys_of(name)
    return keys
