"""`share export|import`: the OASIS validator on the demo world, round trips, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from stix2validator import ValidationOptions, validate_file
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.demo.seed import build_and_seed
from scamgrid.model.vocabulary import IdentifierType, Marking
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.store import database
from scamgrid.store.tables import Agency, Indicator, Report, Sighting
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency, visible

runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(get_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.output


def visible_data(url: str, viewer_code: str | None) -> set[tuple[object, ...]]:
    """What an agency sees: report fields and identifiers (raw forms included)."""
    with database.session(url) as session:
        viewer: Viewer = viewer_for_agency(session, viewer_code) if viewer_code else SYSTEM
        rows = session.execute(
            select(
                Report.report_id,
                Agency.code,
                Report.marking,
                Report.fraud_type,
                Report.loss_amount,
                Report.reported_at,
                Report.narrative,
                Indicator.type,
                Indicator.value,
                Sighting.raw,
            )
            .join(Agency, Agency.id == Report.agency_id)
            .join(Sighting, Sighting.report_id == Report.id)
            .join(Indicator, Indicator.id == Sighting.indicator_id)
            .where(
                visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id),
                Report.marking.not_in(v.NEVER_SHARED),
            )
        ).all()
    return {tuple(r) for r in rows}


@pytest.fixture
def demo(db_url: str, tmp_path: Path) -> str:
    build_and_seed(tmp_path / "world", seed=11, reports=80, url=db_url)
    return db_url


def test_every_demo_export_passes_the_oasis_validator(demo: str, tmp_path: Path) -> None:
    for as_agency in (None, "TH-CCIB", "MM-MPF"):
        out = tmp_path / f"bundle-{as_agency}.json"
        cli(
            "share",
            "export",
            "--format",
            "stix",
            "--out",
            str(out),
            *(["--as-agency", as_agency] if as_agency else []),
        )
        result = validate_file(str(out), ValidationOptions(version="2.1"))
        errors = [e for o in result.object_results for e in o.errors]
        warnings = [w for o in result.object_results for w in o.warnings]
        assert result.is_valid and not errors, errors[:5]
        assert not warnings, warnings[:5]  # none today; docs/sharing.md lists what could appear
        objects = json.loads(out.read_text())["objects"]
        markings = {ref for o in objects for ref in o.get("object_marking_refs", [])}
        assert v.TLP_IDS[Marking.RED] not in markings
        assert v.TLP_IDS[Marking.AMBER_STRICT] not in markings
        assert sum(o["type"] == "report" for o in objects) > 10


def test_export_then_import_into_an_empty_node_gives_the_same_visible_data(
    demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "th.json"
    cli("share", "export", "--out", str(bundle), "--as-agency", "TH-CCIB")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    database.upgrade(empty)
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", empty)
    first = json.loads(cli("share", "import", str(bundle), "--json"))
    assert first["inserted"] > 10 and not first["skipped"]
    assert visible_data(empty, None) == visible_data(demo, "TH-CCIB")
    again = json.loads(cli("share", "import", str(bundle), "--json"))
    assert again["inserted"] == again["updated"] == 0  # idempotent


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("phone", "+66812345678"),
        ("imei", "490154203237518"),
        ("imsi", "520031234567890"),
        ("bank_account", "TH:KBANK:1234567890"),
        ("iban", "GB82WEST12345698765432"),
        ("crypto_wallet", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        ("url", "https://secure-verify.top/it's"),
        ("domain", "secure-verify.top"),
        ("email", "agent@example.com"),
        ("telegram", "some_handle"),
        ("ip", "2001:db8::1"),
        ("app", "com.fake.bank"),
    ],
)
def test_each_identifier_type_has_a_pattern_that_reads_back(kind: str, value: str) -> None:
    assert v.from_pattern(v.pattern(kind, value)) == (kind, value)


def test_every_identifier_type_has_a_pattern() -> None:
    for kind in IdentifierType:
        assert v.pattern(kind.value, "x").startswith("[")
