"""Is this the same person? Names through the screening library, weighed with the rest.

Name similarity across scripts (Chinese characters against pinyin, Thai script against passport
spellings, Burmese honorifics, Vietnamese diacritics) is the screening library's work; this
module only combines its name score with the facts that outweigh names, as a declared list of
weighted features, each with its reason (`FEATURES`, applied in order):

    same date of birth       -> the name score is lifted: name * (1 - DOB_WEIGHT) + DOB_WEIGHT
    other date of birth      -> x DOB_CONFLICT
    a date of birth missing  -> x DOB_UNKNOWN (a name alone is at most an interview)
    other nationality        -> x NATIONALITY_CONFLICT
    other document numbers   -> x DOCUMENT_CONFLICT (both sides carry numbers of one format,
                                none shared; not a veto: passports are renewed, lists keep
                                old numbers)
    same document number     -> at least DOCUMENT_SCORE, whatever the rest says

So a name alone, even identical, never makes a person wanted when the birth date, nationality
or passport say otherwise: at most an interview (the suspect class). Every feature but the
name is known before the names are compared, so `upper_bound` tells, for free, whether a
candidate can reach a threshold at all: screening skips the name comparison when it cannot.

`ScreeningIndex` screens many people against many targets: candidates come from the library's
blocking keys and from document numbers, so a 3,000-person batch against 100,000 entries scores
a few candidates per person instead of every pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scamgrid.cases import namekeys
from scamgrid.cases.personal import Person, clean_document

DOCUMENT_SCORE = 0.98
DOCUMENT_CONFLICT = 0.84
DOB_WEIGHT = 0.35
DOB_CONFLICT = 0.55
DOB_UNKNOWN = 0.8  # below WANTED_SCORE: a name alone, however close, is an interview
NATIONALITY_CONFLICT = 0.82
MAX_CANDIDATES = 400  # per person, from the rarest blocking keys first
MIN_DOCUMENT = 4  # shorter cleaned numbers are not compared


@dataclass(frozen=True)
class PersonMatch:
    score: float
    reasons: tuple[str, ...]


def _same_dob(a: str, b: str) -> bool:
    # A year alone agrees with a full date in that year.
    return a == b or ((len(a) == 4 or len(b) == 4) and a[:4] == b[:4])


@lru_cache(maxsize=200_000)
def _cleaned(documents: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c in map(clean_document, documents) if len(c) >= MIN_DOCUMENT)


def _may_share_dob(dob: str, other: str | None) -> bool:
    return not other or _same_dob(dob, other)


def _documents(person: Person) -> frozenset[str]:
    return _cleaned(tuple(person.documents))


def _dob(a: Person, b: Person, score: float) -> tuple[float, str | None]:
    if not (a.dob and b.dob):
        return score * DOB_UNKNOWN, "no date of birth to compare"
    if _same_dob(a.dob, b.dob):
        return score * (1 - DOB_WEIGHT) + DOB_WEIGHT, "same date of birth"
    return score * DOB_CONFLICT, "different date of birth"


def _nationality(a: Person, b: Person, score: float) -> tuple[float, str | None]:
    if a.nationality and b.nationality and a.nationality != b.nationality:
        return score * NATIONALITY_CONFLICT, "different nationality"
    return score, None


def _shape(document: str) -> str:
    """A cleaned number's format: letters and digits run by run (`E12345678` -> `A1D8`)."""
    return "".join(
        f"{'D' if run[0].isdigit() else 'A'}{len(run)}" for run in re.findall(r"\d+|\D+", document)
    )


def _other_documents(a: Person, b: Person, score: float) -> tuple[float, str | None]:
    # Only numbers of one format are comparable: a passport number and a national ID number
    # of the same person always differ.
    mine, theirs = _documents(a), _documents(b)
    comparable = {_shape(d) for d in mine} & {_shape(d) for d in theirs}
    if comparable and not mine & theirs:
        return score * DOCUMENT_CONFLICT, "different document numbers"
    return score, None


# Each takes both persons and the score so far, returns the new score and its reason (or None).
FEATURES: tuple[Callable[[Person, Person, float], tuple[float, str | None]], ...] = (
    _dob,
    _nationality,
    _other_documents,
)


def _weigh(a: Person, b: Person, name: float, same_document: bool) -> tuple[float, list[str]]:
    score, reasons = name, []
    for feature in FEATURES:
        score, reason = feature(a, b, score)
        if reason:
            reasons.append(reason)
    if same_document:
        score = max(score, DOCUMENT_SCORE)
        reasons.insert(0, "same document number")
    return max(0.0, min(1.0, score)), reasons


def shares_document(a: Person, b: Person) -> bool:
    return bool(_documents(a) & _documents(b))


def upper_bound(a: Person, b: Person, same_document: bool | None = None) -> float:
    """The best score `compare_persons` could give these two, were their names identical."""
    if same_document is None:
        same_document = shares_document(a, b)
    return _weigh(a, b, 1.0, same_document)[0]


def compare_persons(a: Person, b: Person, same_document: bool | None = None) -> PersonMatch:
    if same_document is None:
        same_document = shares_document(a, b)
    name, why = namekeys.name_score(a.names, b.names)
    score, reasons = _weigh(a, b, name, same_document)
    at = 1 if same_document else 0
    reasons.insert(at, f"name {name:.2f} ({why})")
    return PersonMatch(score, tuple(reasons))


@dataclass(frozen=True)
class Target:
    """Something to screen against: a watch-list entry or an open rescue request."""

    kind: str  # watchlist | rescue
    id: int
    ref: str
    category: str  # wanted | sanctioned | suspect | rescue
    person: Person


@dataclass(frozen=True)
class Hit:
    target: Target
    score: float
    reasons: tuple[str, ...]

    def as_evidence(self) -> dict[str, Any]:
        return {
            "kind": self.target.kind,
            "ref": self.target.ref,
            "category": self.target.category,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


class ScreeningIndex:
    """Targets indexed by name keys and document numbers, for screening many people."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets = list(targets)
        self._dobs = [t.person.dob for t in self.targets]
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_document: dict[str, list[int]] = defaultdict(list)
        for position, target in enumerate(self.targets):
            for key in namekeys.blocking_keys(target.person.names):
                self._by_key[key].append(position)
            for document in target.person.documents:
                self._by_document[clean_document(document)].append(position)

    def candidates(self, person: Person, threshold: float = 0.0) -> tuple[set[int], set[int]]:
        """Positions of targets sharing a rare name key or a document with `person`. Above
        DOB_CONFLICT, targets born on another date cannot reach the threshold without a shared
        document: they are left out before MAX_CANDIDATES is counted."""
        documents = {
            p for d in person.documents for p in self._by_document.get(clean_document(d), [])
        }
        keys = sorted(
            (self._by_key[k] for k in namekeys.blocking_keys(person.names) if k in self._by_key),
            key=len,
        )
        found: set[int] = set(documents)
        dob, dobs = person.dob, self._dobs
        prune = bool(dob) and threshold > DOB_CONFLICT
        for postings in keys:
            if len(found) >= MAX_CANDIDATES:
                break
            if prune and dob:
                found.update(p for p in postings if _may_share_dob(dob, dobs[p]))
            else:
                found.update(postings)
        return found, documents

    def screen(self, person: Person, threshold: float = 0.0) -> list[Hit]:
        found, documents = self.candidates(person, threshold)
        hits = []
        for position in found:
            target = self.targets[position]
            same_document = position in documents
            if threshold > 0 and upper_bound(person, target.person, same_document) < threshold:
                continue  # not even identical names would reach the threshold
            match = compare_persons(person, target.person, same_document)
            if match.score >= threshold:
                hits.append(Hit(target, match.score, match.reasons))
        hits.sort(key=lambda h: (-h.score, h.target.kind, h.target.id))
        return hits
