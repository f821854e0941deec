"""One person against the watch lists a viewer may see (`scamgrid screen NAME`).

The same weighing as batch screening (`cases.matching`) and the same verdict
(`repatriation.classify`), for a single name with an optional date of birth, nationality and
document number. Every entry the viewer may see is a candidate; those that could not reach
`min_score` even with an identical name (another birth date) are not compared at all. The
search is an audit event (`watchlist.screen`, with counts, never the name searched for).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from scamgrid.cases import matching, repatriation, watchlists
from scamgrid.cases.personal import Person, parse_dob
from scamgrid.errors import InvalidInput
from scamgrid.sharing import audit
from scamgrid.store.visibility import Viewer

MIN_SCORE = 0.6  # hits below this are not shown
LIMIT = 10


def query(
    name: str,
    dob: str | None = None,
    nationality: str | None = None,
    documents: list[str] | None = None,
) -> Person:
    """The person to screen; bad input is refused naming the field."""
    names = [n.strip() for n in name.split(";") if n.strip()]
    if not names:
        raise InvalidInput("name: a name is required", field="name")
    country = (nationality or "").strip().upper() or None
    if country and (len(country) != 2 or not country.isalpha()):
        raise InvalidInput(
            f"nationality: {nationality!r} is not ISO 3166 alpha-2", field="nationality"
        )
    return Person(
        names=names,
        dob=parse_dob(dob, "dob"),
        documents=[d.strip() for d in documents or [] if d.strip()],
        nationality=country,
    )


def screen_person(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    person: Person,
    min_score: float = MIN_SCORE,
    limit: int = LIMIT,
) -> dict[str, Any]:
    """The verdict for `person`, and the best hits with their evidence and the entry listed."""
    if not 0.0 <= min_score <= 1.0:
        raise InvalidInput(f"min-score: {min_score} is not between 0 and 1", field="min_score")
    entries = watchlists.persons(session, viewer)
    hits: list[tuple[matching.Hit, watchlists.StoredEntry]] = []
    for entry in entries:
        same_document = matching.shares_document(person, entry.person)
        if matching.upper_bound(person, entry.person, same_document) < min_score:
            continue
        match = matching.compare_persons(person, entry.person, same_document)
        if match.score >= min_score:
            target = matching.Target(
                "watchlist", entry.id, f"{entry.list_name}/{entry.entry_id}", entry.category,
                entry.person,
            )  # fmt: skip
            hits.append((matching.Hit(target, match.score, match.reasons), entry))
    hits.sort(key=lambda pair: (-pair[0].score, pair[0].target.id))
    verdict, score, _, _ = repatriation.classify([h for h, _ in hits])
    audit.record(
        session,
        actor,
        "watchlist.screen",
        "person",
        "",
        watchlist_entries=len(entries),
        hits=len(hits),
        classification=verdict,
    )
    return {
        "classification": verdict,
        "score": round(score, 4),
        "screened_against": len(entries),
        "hits": [
            {
                **hit.as_evidence(),
                "listed_names": entry.person.names,
                "listed_dob": entry.person.dob,
                "listed_nationality": entry.person.nationality,
            }
            for hit, entry in hits[:limit]
        ],
    }
