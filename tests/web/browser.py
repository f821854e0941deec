"""A seeded node served by uvicorn on 127.0.0.1, and one headless Debian chromium.

The server runs in a thread of the test process (a fresh process would spend longer importing
than the tests take); `site_env` points SCAMGRID_HOME at the node's home for each test, so its
keys and session secret stay the node's own. The world is small: two
agencies with GREEN reports sharing a Thai number, one RED report, RED compound and RED rescue
request of CN-MPS that TH-CCIB must never see, three GREEN compounds, one rescue request.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from scamgrid.api.app import create_app
from scamgrid.cases import compounds, rescues
from scamgrid.cases import reports as casework
from scamgrid.demo.places import COMPOUNDS
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency
from tests.api.conftest import free_port
from tests.factories import agencies_and_groups, report

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "correct horse battery staple"
RED_SECRET = "RED-ONLY-CN-7741"  # in every RED record of CN-MPS; no TH-CCIB page may show it
RED_REPORT = "CN-MPS-2025-000099"
RED_COMPOUND = "Hidden Garden RED-ONLY-CN-7741"


@dataclass
class Site:
    url: str
    db_url: str
    rescue: str  # the TH-CCIB rescue request the board moves
    home: Path


def seed(db_url: str) -> str:
    agencies_and_groups(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "analyst@th-ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
        accounts.add_user(s, "analyst@cn-mps.example.org", "CN-MPS", "analyst", PASSWORD)
        accounts.add_user(s, "admin@th-ccib.example.org", "TH-CCIB", "admin", PASSWORD)
        th, cn = viewer_for_agency(s, "TH-CCIB"), viewer_for_agency(s, "CN-MPS")
        by_th = audit.Actor("seed@th-ccib", "TH-CCIB")
        by_cn = audit.Actor("seed@cn-mps", "CN-MPS")
        for n in range(1, 4):
            body = report(f"TH-CCIB-2025-00000{n}", reported_at=f"2025-0{n}-03T10:15:00+07:00")
            casework.create_report(s, th, by_th, body)
        phone = [{"type": "phone", "value": "+66812345678"}]
        green_cn = report("CN-MPS-2025-000001", agency="CN-MPS", country="CN", indicators=phone)
        casework.create_report(s, cn, by_cn, green_cn)
        red = report(
            RED_REPORT,
            agency="CN-MPS",
            country="CN",
            marking="TLP:RED",
            narrative=f"Undercover source {RED_SECRET}",
            indicators=[*phone, {"type": "telegram", "value": "t.me/red_only_cn_7741"}],
        )
        casework.create_report(s, cn, by_cn, red)
        for place in COMPOUNDS[:3]:
            data = compounds.CompoundInput(
                key=place.key,
                name=place.name,
                country=place.country,
                aliases=list(place.aliases),
                area=place.area,
                lat=place.lat,
                lon=place.lon,
                headcount=1200,
            )
            compounds.add_compound(s, th, by_th, data)
        hidden = compounds.CompoundInput(
            key="hidden-garden",
            name=RED_COMPOUND,
            country="MM",
            lat=16.7,
            lon=98.5,
            marking="TLP:RED",
        )
        compounds.add_compound(s, cn, by_cn, hidden)
        person = {"names": ["Somchai Jaidee"], "nationality": "TH", "dob": "1999-01-02"}
        moved = rescues.create(
            s,
            th,
            by_th,
            rescues.RescueInput.from_dict({"person": person, "compound": "kk-park"}),
        )
        secret = {"names": [RED_SECRET], "nationality": "CN"}
        body = {"person": secret, "marking": "TLP:RED", "last_location": RED_SECRET}
        rescues.create(s, cn, by_cn, rescues.RescueInput.from_dict(body))
    return str(moved["reference"])


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, text_model_file: Path) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("browser-home")
    db_url = f"sqlite:///{home / 'scamgrid.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCAMGRID_HOME", str(home))
        env.setenv("SCAMGRID_DATABASE_URL", db_url)
        database.upgrade(db_url)
        rescue = seed(db_url)
    model = home / "models" / "text" / "model.npz"
    model.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(text_model_file, model)
    port = free_port()
    config = uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield Site(f"http://127.0.0.1:{port}", db_url, rescue, home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        database.engine_for(db_url).dispose()


@pytest.fixture
def site_env(site: Site, monkeypatch: pytest.MonkeyPatch) -> Site:
    """The served node's home for this test: its keys open what the seed sealed."""
    monkeypatch.setenv("SCAMGRID_HOME", str(site.home))
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", site.db_url)
    return site


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
