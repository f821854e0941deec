"""Persons of interest planted in the demo world, with their ground truth.

- **Recruiters** (one per ~8 syndicates), each working for 2-4 syndicates: wanted persons
  (CN-MPS, GREEN, names released), named with their Telegram handle in a few reports of each.
- **Launderers**, one for each of the first three OTC desks the syndicates cash out at: an
  analyst's link (TH-CCIB, AMBER, region-wide group) says the launderer holds the desk's
  account, so money ties them to every syndicate whose flows reach it.
- **Account holders**: the person each syndicate bank account is registered to (the agency of
  the account's country, AMBER region-wide), named in ~30 % of the reports citing the account
  (planted only when at least one report names it).

Reports only name persons by `ref` (the persons are created first), so a report of any agency
may name them. Deterministic for the world's seed, drawn from a generator of its own: the
reports, syndicates and money flows stay exactly those of the world without persons.
`persons_truth.csv` lists `ref,role,syndicates` (space-separated true syndicate ids).
"""

from __future__ import annotations

import csv
import random
import string
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from scamgrid.cases import persons
from scamgrid.demo.money import build_money
from scamgrid.demo.texts import GIVEN, SURNAME_FIRST, SURNAMES
from scamgrid.demo.world import AGENCY_OF, World
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency

REGION = "mekong-joint"  # every demo agency is a member
NAMED_SHARE = 0.3  # reports citing an account that name its holder
LAUNDERERS = 3


@dataclass
class PlantedPerson:
    ref: str
    role: str
    agency: str
    marking: str
    names: list[str]
    documents: list[str]
    nationality: str
    share_names: bool = False
    syndicates: list[str] = field(default_factory=list)  # the truth
    holds: list[str] = field(default_factory=list)  # TYPE:value, linked by an analyst


def _name(rng: random.Random, country: str) -> str:
    surname = rng.choice(SURNAMES.get(country, SURNAMES["VN"]))
    given = rng.choice(GIVEN.get(country, GIVEN["VN"]))
    if country in SURNAME_FIRST:
        return f"{surname}{'' if country == 'CN' else ' '}{given}"
    return f"{given} {surname}"


def _passport(rng: random.Random, country: str) -> str:
    prefix = {"CN": "E", "TH": "AA", "VN": "C", "KH": "N", "MM": "MA"}.get(country, "P")
    return prefix + "".join(rng.choice(string.digits) for _ in range(8))


def plant_persons(world: World) -> list[PlantedPerson]:
    """Add `persons` to the world's reports; return the persons to create first."""
    rng = random.Random(f"persons-{world.seed}")
    reports_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    syndicate_of = dict(world.truth)
    for report in world.reports:
        reports_of[syndicate_of[str(report["id"])]].append(report)
    planted = _recruiters(rng, world, reports_of)
    planted += _launderers(rng, world)
    planted += _account_holders(rng, world, reports_of)
    return planted


def _name_in(report: dict[str, Any], entry: dict[str, Any]) -> None:
    named = report.setdefault("persons", [])
    assert isinstance(named, list)
    named.append(entry)


def _recruiters(
    rng: random.Random, world: World, reports_of: dict[str, list[dict[str, Any]]]
) -> list[PlantedPerson]:
    ids = [s.id for s in world.syndicates]
    result = []
    for number in range(1, max(2, len(ids) // 8) + 1):
        country = rng.choice(["CN", "CN", "MM", "TH"])
        person = PlantedPerson(
            f"DEMO-REC-{number:02d}",
            "recruiter",
            "CN-MPS",
            "TLP:GREEN",
            [_name(rng, country)],
            [_passport(rng, country)],
            country,
            share_names=True,
            syndicates=sorted(rng.sample(ids, rng.randint(2, min(4, len(ids))))),
        )
        handle = "hr_" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=7))
        entry: dict[str, Any] = {
            "ref": person.ref,
            "role": "recruiter",
            "identifiers": [{"type": "telegram", "value": f"@{handle}"}],
        }
        for syndicate in person.syndicates:
            pool = reports_of[syndicate]
            for report in rng.sample(pool, min(len(pool), max(1, len(pool) // 20), 6)):
                _name_in(report, entry)
        result.append(person)
    return result


def _launderers(rng: random.Random, world: World) -> list[PlantedPerson]:
    book = build_money(world)
    syndicate_of = dict(world.truth)
    served: dict[str, set[str]] = defaultdict(set)
    for report_id, _, cash_out in book.truth:
        served[cash_out].add(syndicate_of[report_id])
    desks = [f"{kind}:{value}" for kind, value, label, _ in book.labels if label == "otc"]
    result = []
    for number, desk in enumerate(desks[:LAUNDERERS], start=1):
        country = desk.split(":")[1]
        result.append(
            PlantedPerson(
                f"DEMO-LAU-{number:02d}",
                "launderer",
                "TH-CCIB",
                "TLP:AMBER",
                [_name(rng, country if country in SURNAMES else "CN")],
                [_passport(rng, country)],
                country,
                syndicates=sorted(served[desk]),
                holds=[desk],
            )
        )
    return result


def _account_holders(
    rng: random.Random, world: World, reports_of: dict[str, list[dict[str, Any]]]
) -> list[PlantedPerson]:
    result = []
    for syndicate in world.syndicates:
        for number, (country, bank, digits) in enumerate(syndicate.accounts, start=1):
            person = PlantedPerson(
                f"DEMO-MULE-{syndicate.id.removeprefix('SYN-')}-{number}",
                "account_holder",
                AGENCY_OF[country],
                "TLP:AMBER",
                [_name(rng, country)],
                [_passport(rng, country)],
                country,
                syndicates=[syndicate.id],
            )
            entry: dict[str, Any] = {
                "ref": person.ref,
                "role": "account_holder",
                "identifiers": [
                    {"type": "bank_account", "value": digits, "bank": bank, "country": country}
                ],
            }
            named = 0
            for report in reports_of[syndicate.id]:
                cited = report["indicators"]
                assert isinstance(cited, list)
                if any(
                    i["type"] == "bank_account" and i["value"].replace("-", "") == digits
                    for i in cited
                ) and (rng.random() < NAMED_SHARE):
                    _name_in(report, entry)
                    named += 1
            if named:  # a holder no report names is known to nobody: not planted
                result.append(person)
    return result


def write_truth(planted: list[PlantedPerson], folder: Path) -> Path:
    path = folder / "persons_truth.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ref", "role", "syndicates"])
        writer.writerows((p.ref, p.role, " ".join(p.syndicates)) for p in planted)
    return path


def seed_persons(planted: list[PlantedPerson], url: str | None = None) -> int:
    """Create the planted persons and the analysts' links (idempotent); how many were new."""
    created = 0
    with database.session(url) as session:
        existing = set(session.scalars(select(persons.PersonOfInterest.ref)))
        for person in planted:
            if person.ref in existing:
                continue
            viewer = viewer_for_agency(session, person.agency)
            actor = Actor("demo", person.agency)
            data = persons.PersonInput(
                ref=person.ref,
                role=person.role,
                names=person.names,
                documents=person.documents,
                nationality=person.nationality,
                share_names=person.share_names,
                marking=person.marking,
                sharing_group=REGION if person.marking == "TLP:AMBER" else None,
            )
            persons.add_person(session, viewer, actor, data)
            for target in person.holds:
                persons.link(session, viewer, actor, person.ref, target, "holds")
            created += 1
    return created
