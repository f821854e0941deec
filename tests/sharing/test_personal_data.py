"""Victims' personal data never lies in the database in clear, and keys rotate without loss."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select, text

from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database, keys
from scamgrid.store.crypto import DecryptionError, KeyRing
from scamgrid.store.tables import Report
from tests.factories import agencies_and_groups, report, write_jsonl

NAME = "Kanokwan Srisawat"


def seed(db_url: str, tmp_path: Path, n: int = 30) -> None:
    agencies_and_groups(db_url)
    rows = [
        report(
            f"R-{i}", victim={"name": NAME, "phone": "+66891234567", "id_number": "3100500123456"}
        )
        for i in range(n)
    ]
    assert ingest_reports(write_jsonl(tmp_path / "r.jsonl", rows), url=db_url).rejected == 0


def database_bytes(db_url: str, tmp_path: Path) -> bytes:
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        database.engine(db_url).dispose()
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    parsed = urlparse(db_url.replace("+psycopg", ""))
    schema = parse_qs(parsed.query)["options"][0].split("=")[1]
    dsn = parsed._replace(query="").geturl()
    return subprocess.run(
        ["pg_dump", "--schema", schema, dsn], capture_output=True, check=True
    ).stdout


def test_a_victims_name_is_not_in_the_database_file_or_dump(db_url: str, tmp_path: Path) -> None:
    seed(db_url, tmp_path)
    dump = database_bytes(db_url, tmp_path)
    assert b"R-1" in dump  # the dump is real and holds the reports
    for secret in (NAME, "3100500123456", "+66891234567"):
        assert secret.encode() not in dump


def test_a_sealed_value_does_not_open_on_another_row(db_url: str, tmp_path: Path) -> None:
    seed(db_url, tmp_path, n=2)
    with database.session(db_url) as s:
        blob = s.scalar(select(Report.victim_sealed).where(Report.report_id == "R-0"))
    assert blob is not None
    with pytest.raises(DecryptionError):
        KeyRing.load().open(blob, b"R-1")


def test_key_rotation_reencrypts_everything_and_retires_the_old_key(
    db_url: str, tmp_path: Path
) -> None:
    seed(db_url, tmp_path)
    first = KeyRing.load().active
    result = keys.rotate(db_url)
    ring = KeyRing.load()
    assert result.reencrypted == 30 and ring.active != first
    assert first in result.retired and first not in ring.keys
    with database.engine(db_url).connect() as conn:
        rows = conn.execute(text("SELECT report_id, victim_sealed FROM reports")).all()
    for report_id, blob in rows:
        assert KeyRing.key_id_of(blob) == ring.active
        assert json.loads(ring.open(blob, report_id.encode()))["name"] == NAME
