"""Shared fixtures: a fresh store per test, on SQLite and (when configured) PostgreSQL.

`SCAMGRID_TEST_DATABASE_URL` names a PostgreSQL server (CI sets it); each test then gets its own
schema there, dropped afterwards. `SCAMGRID_TEST_REQUIRE_POSTGRES=1` turns a missing server into
a failure instead of a skip, so CI cannot silently test SQLite only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from scamgrid.store import database

PG_URL = os.environ.get("SCAMGRID_TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("SCAMGRID_TEST_REQUIRE_POSTGRES") == "1"


def backends() -> list[object]:
    marks = [] if PG_URL else [pytest.mark.skip(reason="SCAMGRID_TEST_DATABASE_URL not set")]
    if REQUIRE_PG and not PG_URL:
        raise RuntimeError("SCAMGRID_TEST_REQUIRE_POSTGRES=1 but SCAMGRID_TEST_DATABASE_URL unset")
    return ["sqlite", pytest.param("postgresql", marks=marks)]


@pytest.fixture(autouse=True)
def scamgrid_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SCAMGRID_HOME (keys, files) and no inherited database URL."""
    home = tmp_path / "home"
    monkeypatch.setenv("SCAMGRID_HOME", str(home))
    monkeypatch.delenv("SCAMGRID_DATABASE_URL", raising=False)
    return home


@pytest.fixture(params=backends())
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """URL of a fresh, migrated database; also exported as SCAMGRID_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scamgrid.db'}"
        database.upgrade(url)
        monkeypatch.setenv("SCAMGRID_DATABASE_URL", url)
        yield url
        database.engine_for(url).dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    database.upgrade(url)
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", url)
    try:
        yield url
    finally:
        database.engine_for(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def text_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small text model trained once per session on 40 texts per set and category."""
    from scamgrid import settings
    from scamgrid.detect.text import corpus, training

    examples = corpus.read_all(settings.data_dir())
    model, _ = training.build(training.subset(examples, 40))
    path = tmp_path_factory.mktemp("text-model") / "model.npz"
    model.save(path)
    return path


@pytest.fixture
def text_model(text_model_file: Path, scamgrid_home: Path) -> Path:
    """The small model, installed where `scamgrid check` looks for the trained one."""
    import shutil

    target = scamgrid_home / "models" / "text" / "model.npz"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(text_model_file, target)
    return target
