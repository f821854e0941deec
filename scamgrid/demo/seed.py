"""Write the demo world to files and load it into the store through the normal ingest path."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import orjson
from sqlalchemy import select

from scamgrid.demo.money import seed_money, write_money
from scamgrid.demo.operations import seed_demo_casework
from scamgrid.demo.persons import plant_persons, seed_persons, write_truth
from scamgrid.demo.places import AGENCIES, COMPOUNDS, SHARING_GROUPS
from scamgrid.demo.world import HUBS, World, build_world
from scamgrid.ingest.load import IngestSummary, ingest_reports
from scamgrid.sharing import agencies
from scamgrid.store import database
from scamgrid.store.tables import SharingGroup

CSV_SHARE = 5  # every 5th report goes to the CSV file, so both formats are exercised


@dataclass
class DemoFiles:
    folder: Path
    reports_jsonl: Path
    reports_csv: Path
    truth: Path


def write_world(world: World, folder: Path) -> DemoFiles:
    folder.mkdir(parents=True, exist_ok=True)
    files = DemoFiles(
        folder, folder / "reports.jsonl", folder / "reports.csv", folder / "ground_truth.csv"
    )
    with files.reports_jsonl.open("wb") as jsonl, files.reports_csv.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "id",
                "agency",
                "country",
                "reported_at",
                "channel",
                "fraud_type",
                "loss_amount",
                "loss_currency",
                "narrative",
                "marking",
                "sharing_group",
                "victim_name",
                "victim_phone",
                "victim_id_number",
                "phones",
                "bank_accounts",
                "wallets",
                "urls",
                "domains",
                "handles",
                "persons",
            ]
        )
        for index, report in enumerate(world.reports):
            if index % CSV_SHARE == CSV_SHARE - 1 and _csv_friendly(report):
                writer.writerow(_csv_row(report))
            else:
                jsonl.write(orjson.dumps(report) + b"\n")
    with files.truth.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["report_id", "syndicate_id", "compound"])
        compound_of = {s.id: s.compound.key for s in world.syndicates}
        writer.writerows((r, s, compound_of[s]) for r, s in world.truth)
    (folder / "hubs.json").write_text(json.dumps(HUBS, ensure_ascii=False, indent=2))
    (folder / "compounds.geojson").write_text(json.dumps(_compounds_geojson(), ensure_ascii=False))
    return files


def _csv_friendly(report: dict[str, object]) -> bool:
    # CSV phones carry no per-number country hint: only numbers that parse with the row country.
    indicators = report["indicators"]
    assert isinstance(indicators, list)
    return all(
        i.get("country") in (None, report["country"]) or i["type"] != "phone" for i in indicators
    )


def _csv_row(report: dict[str, object]) -> list[object]:
    by_type: dict[str, list[str]] = {}
    for item in report["indicators"]:  # type: ignore[attr-defined]
        kind, value = item["type"], item["value"]
        if kind == "bank_account":
            value = f"{item['country']}:{item['bank']}:{value.replace('-', '')}"
        column = {
            "phone": "phones",
            "bank_account": "bank_accounts",
            "crypto_wallet": "wallets",
            "url": "urls",
            "domain": "domains",
        }.get(kind, "handles")
        by_type.setdefault(column, []).append(value if column != "handles" else f"{kind}:{value}")
    loss = report["loss"]
    victim = report["victim"]
    assert isinstance(loss, dict) and isinstance(victim, dict)
    return [
        report["id"],
        report["agency"],
        report["country"],
        report["reported_at"],
        report["channel"],
        report["fraud_type"],
        loss["amount"],
        loss["currency"],
        report["narrative"],
        report["marking"],
        report.get("sharing_group", ""),
        victim["name"],
        victim["phone"],
        victim["id_number"],
        *(
            ";".join(by_type.get(c, []))
            for c in ("phones", "bank_accounts", "wallets", "urls", "domains", "handles")
        ),
        json.dumps(report["persons"], ensure_ascii=False) if report.get("persons") else "",
    ]


def _compounds_geojson() -> dict[str, object]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": c.key,
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {
                    "name": c.name,
                    "aliases": list(c.aliases),
                    "country": c.country,
                    "area": c.area,
                },
            }
            for c in COMPOUNDS
        ],
    }


def ensure_agencies(url: str | None = None) -> None:
    """Migrate, then create the demo agencies and sharing groups unless they exist."""
    database.upgrade(url)
    with database.session(url) as session:
        for agency in AGENCIES:
            agencies.ensure_agency(session, agency.code, agency.name, agency.country)
        existing = set(session.scalars(select(SharingGroup.name)))
        for name, members in SHARING_GROUPS.items():
            if name not in existing:
                agencies.add_sharing_group(session, name, list(members))


def seed_store(files: DemoFiles, url: str | None = None) -> list[IngestSummary]:
    """Create the agencies and sharing groups, then ingest the reports (idempotent)."""
    ensure_agencies(url)
    return [
        ingest_reports(files.reports_jsonl, url=url),
        ingest_reports(files.reports_csv, url=url),
    ]


def build_and_seed(
    folder: Path, seed: int, reports: int, url: str | None = None
) -> tuple[World, list[IngestSummary]]:
    world = build_world(seed=seed, reports=reports)
    planted = plant_persons(world)  # recruiters, launderers, account holders, named in reports
    files = write_world(world, folder)
    write_truth(planted, folder)
    ensure_agencies(url)
    seed_persons(planted, url)  # before the reports that name them
    summaries = seed_store(files, url)
    seed_money(write_money(world, folder / "money"), url)  # layered mule flows, ground truth
    seed_demo_casework(folder / "casework", seed, url)
    return world, summaries
