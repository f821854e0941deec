"""Is this the same person? Names through the screening library, weighed with the rest.

Name similarity across scripts (Chinese characters against pinyin, Thai script against passport
spellings, Burmese honorifics, Vietnamese diacritics) is the screening library's work; this
module only combines its name score with the facts that outweigh names, as a declared list of
weighted features, each with its reason:

    same document number  -> at least DOCUMENT_SCORE, whatever the names say
    same date of birth    -> the name score is lifted (DOB_WEIGHT)
    other date of birth   -> the name score is cut (DOB_CONFLICT)
    other nationality     -> minus NATIONALITY_PENALTY

`ScreeningIndex` screens many people against many targets: candidates come from the library's
blocking keys and from document numbers, so a 3,000-person batch against 100,000 entries scores
a few candidates per person instead of every pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scamgrid.cases import namekeys
from scamgrid.cases.personal import Person, clean_document

DOCUMENT_SCORE = 0.98
DOB_WEIGHT = 0.35  # same DOB: score = name * (1 - w) + w
DOB_CONFLICT = 0.55  # both DOBs known and different: score = name * this
DOB_UNKNOWN = 0.92  # one DOB missing: a name alone is weaker evidence
NATIONALITY_PENALTY = 0.08
MAX_CANDIDATES = 400  # per person, from the rarest blocking keys first


@dataclass(frozen=True)
class PersonMatch:
    score: float
    reasons: tuple[str, ...]


def _same_dob(a: str, b: str) -> bool:
    # A year alone agrees with a full date in that year.
    return a == b or ((len(a) == 4 or len(b) == 4) and a[:4] == b[:4])


def compare_persons(a: Person, b: Person, same_document: bool | None = None) -> PersonMatch:
    if same_document is None:
        same_document = bool(
            {clean_document(d) for d in a.documents} & {clean_document(d) for d in b.documents}
        )
    name, why = namekeys.name_score(a.names, b.names)
    reasons = [f"name {name:.2f} ({why})"]
    score = name
    if a.dob and b.dob:
        if _same_dob(a.dob, b.dob):
            score = name * (1 - DOB_WEIGHT) + DOB_WEIGHT
            reasons.append("same date of birth")
        else:
            score = name * DOB_CONFLICT
            reasons.append("different date of birth")
    else:
        score = name * DOB_UNKNOWN
    if a.nationality and b.nationality and a.nationality != b.nationality:
        score -= NATIONALITY_PENALTY
        reasons.append("different nationality")
    if same_document:
        score = max(score, DOCUMENT_SCORE)
        reasons.insert(0, "same document number")
    return PersonMatch(max(0.0, min(1.0, score)), tuple(reasons))


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
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_document: dict[str, list[int]] = defaultdict(list)
        for position, target in enumerate(self.targets):
            for key in namekeys.blocking_keys(target.person.names):
                self._by_key[key].append(position)
            for document in target.person.documents:
                self._by_document[clean_document(document)].append(position)

    def candidates(self, person: Person) -> tuple[set[int], set[int]]:
        """Positions of targets sharing a rare name key or a document with `person`."""
        documents = {
            p for d in person.documents for p in self._by_document.get(clean_document(d), [])
        }
        keys = sorted(
            (self._by_key[k] for k in namekeys.blocking_keys(person.names) if k in self._by_key),
            key=len,
        )
        found: set[int] = set(documents)
        for postings in keys:
            if len(found) >= MAX_CANDIDATES:
                break
            found.update(postings)
        return found, documents

    def screen(self, person: Person, threshold: float = 0.0) -> list[Hit]:
        found, documents = self.candidates(person)
        hits = []
        for position in found:
            target = self.targets[position]
            match = compare_persons(person, target.person, position in documents)
            if match.score >= threshold:
                hits.append(Hit(target, match.score, match.reasons))
        hits.sort(key=lambda h: (-h.score, h.target.kind, h.target.id))
        return hits
