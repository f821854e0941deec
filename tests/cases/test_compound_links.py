"""Syndicates, identifiers and persons tied to a compound, from the command line."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent


def _link(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(get_app(), ["compound", "link", "kk-park", *args, "--json"])
    return result.exit_code, result.output


def test_links_are_stored_canonical_audited_and_shown(store: str) -> None:
    code, output = _link("syndicate", "S-0007", "--agency", "CN-MPS")
    assert code == 0, output
    assert _link("indicator", "+66 81 234 5678", "--agency", "TH-CCIB")[0] == 0
    assert _link("indicator", "phone:+66812345678", "--agency", "TH-CCIB")[0] == 0  # the same
    code, output = _link("person", "WL-2025-0042", "--agency", "TH-CCIB")
    assert code == 0, output
    links = json.loads(output)["links"]
    assert {(link["kind"], link["ref"]) for link in links} == {
        ("syndicate", "S-0007"),
        ("indicator", "phone:+66812345678"),
        ("person", "WL-2025-0042"),
    }
    with database.session(store) as session:
        events = session.scalars(
            select(AuditEvent.agency).where(AuditEvent.action == "compound.link")
        ).all()
    assert sorted(events) == ["CN-MPS", "TH-CCIB", "TH-CCIB"]  # a repeated link is not re-added


def test_a_bad_kind_or_identifier_exits_2_naming_it(store: str) -> None:
    code, output = _link("cousin", "x", "--agency", "TH-CCIB")
    assert code == 2 and "kind" in output
    code, output = _link("indicator", "not an identifier at all", "--agency", "TH-CCIB")
    assert code == 2 and "ref" in output
