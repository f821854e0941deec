"""The demo's casework: compounds, trapped persons and their rescue requests, a wanted list,
two repatriation batches of about 1,000 people, joint operations, and the ground truth.

`write_casework` writes the files (the wanted list as CSV and as FollowTheMoney JSON lines,
the batch CSVs, one truth file per batch); `seed_casework` loads them through the same
functions the commands and the API use. Planted wanted persons are often listed in another
script than their passport's; look-alikes (same name, another date of birth) test precision.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

from scamgrid.cases import compounds, operations, repatriation, rescues, watchlists
from scamgrid.demo.people import SyntheticPerson, listed_names, other_script, person
from scamgrid.demo.places import COMPOUNDS
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency

WATCHLIST_OWNER = "LM-LESC"
BATCH_OWNER = "TH-CCIB"
GROUP = "mekong-joint"
NATIONAL_AGENCY = {
    "CN": "CN-MPS",
    "TH": "TH-CCIB",
    "MM": "MM-MPF",
    "VN": "VN-MPS",
    "LA": "LA-MPS",
    "KH": "KH-NP",
}
BATCHES = (("MAESOT-2025-02", date(2025, 2, 20)), ("MAESOT-2025-03", date(2025, 3, 15)))
RAIDED = {"kk-park": "2025-02-05", "shwe-kokko": "2025-02-19"}
CONTROLLERS = {
    "kk-park": "KK Park group",
    "shwe-kokko": "Yatai International",
    "gtsez": "Kings Romans group",
    "laukkaing": "Kokang family clans",
}


@dataclass
class Casework:
    wanted: list[tuple[str, SyntheticPerson, list[str]]] = field(default_factory=list)
    batches: list[list[tuple[SyntheticPerson, str]]] = field(default_factory=list)
    truth: list[list[dict[str, str]]] = field(default_factory=list)
    trapped: list[tuple[SyntheticPerson, str, str]] = field(default_factory=list)


def build_casework(seed: int = 7, batch_size: int = 1000, wanted: int = 3000) -> Casework:
    rng = random.Random(seed * 7919 + 1)
    world = Casework()
    myawaddy = [c.key for c in COMPOUNDS if c.country == "MM"]
    for number, _ in enumerate(BATCHES):
        people = [
            (person(rng, f"b{number + 1}-{i}"), rng.choice(myawaddy)) for i in range(batch_size)
        ]
        world.batches.append(people)
    # 4 % of each batch is wanted; a third of those are listed without a passport number.
    planted: dict[str, str] = {}
    for people in world.batches:
        for someone, _ in rng.sample(people, batch_size // 25):
            entry = f"W-{len(world.wanted) + 1:06d}"
            names = listed_names(rng, someone)
            world.wanted.append((entry, someone, names))
            planted[someone.key] = entry
    # Look-alikes: batch people's names with another date of birth and passport, on the list.
    for people in world.batches:
        for someone, _ in rng.sample(people, batch_size // 20):
            if someone.key in planted:
                continue
            twin = person(rng, f"twin-{someone.key}", someone.nationality)
            twin = SyntheticPerson(
                twin.key,
                someone.native,
                someone.passport_name,
                someone.variants,
                someone.nationality,
                twin.dob,
                twin.sex,
                twin.passport,
            )
            world.wanted.append((f"W-{len(world.wanted) + 1:06d}", twin, listed_names(rng, twin)))
    while len(world.wanted) < wanted:
        other = person(rng, f"w-{len(world.wanted)}")
        world.wanted.append((f"W-{len(world.wanted) + 1:06d}", other, listed_names(rng, other)))
    # Trapped persons reported by families; some of them come home in a batch.
    rescued = [p for people in world.batches for p, _ in people if p.key not in planted]
    for someone in rng.sample(rescued, 40):
        world.trapped.append(
            (someone, "family", NATIONAL_AGENCY.get(someone.nationality, "TH-CCIB"))
        )
    for number in range(20):
        someone = person(rng, f"t-{number}")
        world.trapped.append((someone, "ngo", "TH-CCIB"))
    in_batch = {p.key for p, _, _ in world.trapped}
    listed = {e: (names, s) for e, s, names in world.wanted}
    for people in world.batches:
        world.truth.append(
            [
                {
                    "row": str(row),
                    "person": someone.key,
                    "wanted_entry": planted.get(someone.key, ""),
                    "other_script": "1"
                    if someone.key in planted and other_script(listed[planted[someone.key]][0])
                    else "0",
                    "trapped": "1" if someone.key in in_batch else "0",
                }
                for row, (someone, _) in enumerate(people, start=2)
            ]
        )
    return world


def _compound_name(rng: random.Random, key: str) -> str:
    place = next(c for c in COMPOUNDS if c.key == key)
    return rng.choice([place.name, *place.aliases])


def write_casework(world: Casework, folder: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    half = len(world.wanted) // 2
    with (folder / "wanted.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name", "aliases", "dob", "nationality", "passport", "reason"])
        for entry, someone, names in world.wanted[:half]:
            passport = someone.passport if rng.random() < 0.6 else ""
            writer.writerow(
                [
                    entry,
                    names[0],
                    ";".join(names[1:]),
                    someone.dob,
                    someone.nationality,
                    passport,
                    "fraud and trafficking",
                ]
            )
    with (folder / "wanted.ftm.jsonl").open("wb") as out:
        for entry, someone, names in world.wanted[half:]:
            props: dict[str, list[str]] = {
                "name": names[:1],
                "alias": names[1:],
                "birthDate": [someone.dob.isoformat()],
                "nationality": [someone.nationality.lower()],
                "topics": ["wanted", "crime.fraud"],
            }
            if rng.random() < 0.6:
                props["passportNumber"] = [someone.passport]
            line = {"id": entry, "schema": "Person", "properties": props}
            out.write(orjson.dumps(line) + b"\n")
    for number, people in enumerate(world.batches, start=1):
        with (folder / f"batch-{number}.csv").open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["name", "names", "dob", "nationality", "passport", "compound"])
            for someone, compound in people:
                native = someone.native if rng.random() < 0.5 else ""
                writer.writerow(
                    [
                        someone.passport_name,
                        native,
                        someone.dob,
                        someone.nationality,
                        someone.passport,
                        _compound_name(rng, compound),
                    ]
                )
        with (folder / f"truth-batch-{number}.csv").open("w", newline="") as out:
            truth_writer = csv.DictWriter(out, fieldnames=list(world.truth[number - 1][0]))
            truth_writer.writeheader()
            truth_writer.writerows(world.truth[number - 1])
    return folder


def seed_casework(
    world: Casework, folder: Path, url: str | None = None, seed: int = 7
) -> dict[str, object]:
    """Load compounds, the wanted list, rescue requests, batches and operations (idempotent)."""
    rng = random.Random(seed + 3)
    with database.session(url) as session:
        lesc = viewer_for_agency(session, WATCHLIST_OWNER)
        known = {c["key"] for c in compounds.list_compounds(session, lesc)}
        if "kk-park" in known:
            return {"skipped": "casework already seeded"}
        for place in COMPOUNDS:
            compounds.add_compound(
                session,
                lesc,
                Actor("demo", WATCHLIST_OWNER),
                compounds.CompoundInput(
                    key=place.key,
                    name=place.name,
                    country=place.country,
                    aliases=list(place.aliases),
                    area=place.area,
                    lat=place.lat,
                    lon=place.lon,
                    controlling_group=CONTROLLERS.get(place.key, ""),
                    headcount=rng.randrange(500, 8000, 100),
                    nationalities={"CN": 40, "VN": 15, "ID": 10, "MM": 10, "TH": 5},
                ),
            )
        for key in ("kk-park", "shwe-kokko"):
            moment = datetime.fromisoformat(RAIDED[key]).replace(tzinfo=UTC)
            compounds.set_status(
                session,
                lesc,
                Actor("demo", WATCHLIST_OWNER),
                key,
                "raided",
                moment,
                note="joint raid",
            )
        compounds.set_status(
            session,
            lesc,
            Actor("demo", WATCHLIST_OWNER),
            "tachileik",
            "relocated",
            datetime(2025, 1, 20, tzinfo=UTC),
            relocated_to="dongmei",
            note="moved after raids",
        )
    for name in ("wanted.csv", "wanted.ftm.jsonl"):
        with database.session(url) as session:
            watchlists.load(
                session,
                viewer_for_agency(session, WATCHLIST_OWNER),
                Actor("demo", WATCHLIST_OWNER),
                folder / name,
                list_name="mekong-wanted",
                marking="TLP:AMBER",
                sharing_group=GROUP,
            )
    _seed_rescues(world, rng, url)
    summaries = []
    for number, (reference, arrived) in enumerate(BATCHES, start=1):
        with database.session(url) as session:
            viewer = viewer_for_agency(session, BATCH_OWNER)
            who = Actor("demo", BATCH_OWNER)
            repatriation.import_batch(
                session,
                viewer,
                who,
                folder / f"batch-{number}.csv",
                reference,
                arrived,
                crossing="Mae Sot - Myawaddy Friendship Bridge",
                marking="TLP:AMBER",
                sharing_group=GROUP,
            )
            summaries.append(repatriation.screen(session, viewer, who, reference))
    _seed_operations(url)
    return {"batches": summaries}


def _seed_rescues(world: Casework, rng: random.Random, url: str | None) -> None:
    path = ["verified", "located", "rescue_planned", "rescued"]
    for number, (someone, source, agency) in enumerate(world.trapped):
        reported = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(60))
        names = [someone.native or someone.passport_name.title()]
        body = {
            "person": {
                "names": names,
                "dob": someone.dob.isoformat(),
                "nationality": someone.nationality,
                "documents": [someone.passport] if rng.random() < 0.5 else [],
            },
            "reported_at": reported.isoformat(),
            "source": source,
            "urgency": rng.choice(["normal", "high", "critical"]),
            "compound": _compound_name(rng, rng.choice(["kk-park", "shwe-kokko", "dongmei"])),
            "marking": "TLP:AMBER",
            "sharing_group": GROUP,
        }
        if number % 5 == 0:
            body["ransom"] = {
                "amount": 5000 * (1 + number % 4),
                "currency": "USDT",
                "wallet": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            }
        with database.session(url) as session:
            viewer = viewer_for_agency(session, agency)
            who = Actor("demo", agency)
            created = rescues.create(session, viewer, who, rescues.RescueInput.from_dict(body))
            steps = path[: rng.randrange(len(path) + 1)] if number % 3 else []
            moment = reported
            for status in steps:
                moment += timedelta(days=rng.randrange(1, 12))
                rescues.transition(session, viewer, who, created["reference"], status, at=moment)
    # The same person reported again, by an NGO in Thailand with a passport number.
    for someone, _, _ in world.trapped[:6]:
        body = {
            "person": {
                "names": [someone.passport_name],
                "documents": [someone.passport],
                "dob": someone.dob.isoformat(),
                "nationality": someone.nationality,
            },
            "reported_at": "2025-03-01T09:00:00+07:00",
            "source": "ngo",
            "marking": "TLP:AMBER",
            "sharing_group": GROUP,
        }
        with database.session(url) as session:
            viewer = viewer_for_agency(session, "TH-CCIB")
            rescues.create(
                session, viewer, Actor("demo", "TH-CCIB"), rescues.RescueInput.from_dict(body)
            )


def _seed_operations(url: str | None) -> None:
    plans = [
        (
            "OP-2025-001",
            "Operation Dawn Bridge",
            "TH-CCIB",
            "2025-02-05",
            ["CN-MPS", "MM-MPF"],
            ["kk-park"],
            {"CN": 410, "ID": 60, "VN": 85},
            {"CN": 38, "MM": 12},
        ),
        (
            "OP-2025-002",
            "Operation Moei River",
            "MM-MPF",
            "2025-02-19",
            ["TH-CCIB", "CN-MPS"],
            ["shwe-kokko"],
            {"CN": 620, "VN": 140, "TH": 35},
            {"CN": 51, "MM": 20, "TH": 4},
        ),
        (
            "OP-2025-003",
            "Operation Lancang",
            "LM-LESC",
            "2025-03-10",
            ["CN-MPS", "LA-MPS", "MM-MPF"],
            ["dongmei"],
            {"CN": 300, "LA": 25},
            {"CN": 44},
        ),
    ]
    for reference, name, lead, day, partners, targets, released, detained in plans:
        with database.session(url) as session:
            viewer = viewer_for_agency(session, lead)
            operations.record_operation(
                session,
                viewer,
                Actor("demo", lead),
                operations.OperationInput(
                    reference=reference,
                    name=name,
                    started_on=date.fromisoformat(day),
                    agencies=partners,
                    targets=[{"kind": "compound", "ref": t} for t in targets],
                    released=released,
                    detained=detained,
                    evidence={"phones": 3200, "computers": 410, "sim_cards": 9100},
                    summary="Joint raid; foreign nationals handed over at Mae Sot.",
                    marking="TLP:GREEN",
                ),
            )


def seed_demo_casework(folder: Path, seed: int, url: str | None = None) -> dict[str, object]:
    """Build, write and load the demo's casework (called by demo.seed.build_and_seed)."""
    world = build_casework(seed)
    write_casework(world, folder, seed)
    return seed_casework(world, folder, url, seed)
