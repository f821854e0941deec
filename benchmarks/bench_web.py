"""First render of every workspace and public page on the demo world: server and browser.

The demo world under $SCAMGRID_HOME (`scamgrid demo` seeds it; this benchmark seeds one with
BENCH_WEB_REPORTS reports when none is there) is served by uvicorn in this process as `scamgrid
serve` serves it, start-up warming of each agency's link graph included, and pages are read as
the TH-CCIB demo analyst (the audit log as the demo admin):

1. start-up: how long warming takes, and GET /graph and /api/v1/health while it runs;
2. server: time to the full HTML of each page over HTTP, first request (cold) and median of
   five (warm), beside GET /api/v1/health measured the same way in the same run; the parts
   loaded after their frame (syndicate list, statistics figures, graph elements) likewise, and
   the syndicate list once more with the link-graph cache emptied (what warming saves);
3. browser: Debian's chromium through Playwright, median of three loads of each page: first
   contentful paint (the first render, from the Paint Timing API) and the time until the
   page's deferred part is on screen, beside a bare data: page as the browser's own floor.

    SCAMGRID_HOME=<demo home> .venv/bin/python -m benchmarks web
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import func, select

WARM = 5
LOADS = 3
CHROMIUM = "/usr/bin/chromium"
HEALTH = "/api/v1/health"


@dataclass
class Page:
    path: str
    ready: str = ""  # CSS selector present once the page's deferred part has arrived
    admin: bool = False


@dataclass
class World:
    reports: int
    phone: str
    report: str
    syndicate: str
    rescue: str
    batch: str


def _ensure_world() -> None:
    from scamgrid.demo.seed import build_and_seed
    from scamgrid.store import database
    from scamgrid.store.tables import Report

    database.upgrade()
    with database.session() as s:
        count = s.scalar(select(func.count()).select_from(Report)) or 0
    if count == 0:
        from scamgrid import settings

        build_and_seed(settings.home() / "demo", 7, int(os.environ.get("BENCH_WEB_REPORTS", "800")))


def _world() -> World:
    """Records the TH-CCIB analyst may see, to open their pages."""
    from scamgrid.cases import repatriation, rescues
    from scamgrid.graph import cache
    from scamgrid.store import database
    from scamgrid.store.tables import Indicator, Report, Sighting
    from scamgrid.store.visibility import viewer_for_agency, visible

    with database.session() as s:
        th = viewer_for_agency(s, "TH-CCIB")
        seen = visible(th, Sighting.marking, Sighting.agency_id, Sighting.sharing_group_id)
        phone = s.execute(
            select(Indicator.value)
            .join(Sighting, Sighting.indicator_id == Indicator.id)
            .where(Indicator.type == "phone", seen)
            .group_by(Indicator.value)
            .order_by(func.count().desc(), Indicator.value)
            .limit(1)
        ).scalar_one()
        report = s.scalars(
            select(Report.report_id).where(Report.agency_id == th.agency_id).limit(1)
        ).one()
        _, requests = rescues.list_requests(s, th, None, False, 1, 0)
        batches = repatriation.list_batches(s, th)
        _, found = cache.analysed(s, th)
        return World(
            reports=s.scalar(select(func.count()).select_from(Report)) or 0,
            phone=phone,
            report=report,
            syndicate=found.syndicates[0].id,
            rescue=requests[0]["reference"],
            batch=batches[0]["reference"],
        )


def _pages(w: World) -> tuple[list[Page], list[str]]:
    phone = quote(w.phone, safe="")
    pages = [
        Page("/"),
        Page(f"/indicators/phone/{phone}"),
        Page(f"/reports/{w.report}"),
        Page("/graph", "#syndicates:not([aria-busy]) table"),
        Page(f"/graph?syndicate={w.syndicate}", "#graph[data-nodes]"),
        Page(f"/graph?type=phone&value={phone}", "#graph[data-nodes]"),
        Page("/map", "#map[data-basemap='ready']"),
        Page("/rescues"),
        Page(f"/rescues/{w.rescue}"),
        Page("/repatriation"),
        Page(f"/repatriation/{w.batch}"),
        Page("/stats", "canvas[data-drawn]"),
        Page("/audit", admin=True),
        Page("/check"),
        Page("/report"),
        Page("/login"),
    ]
    deferred = [
        "/graph/syndicates",
        "/stats/figures",
        f"/graph/elements?syndicate={w.syndicate}",
        f"/graph/elements?type=phone&value={phone}",
    ]
    return pages, deferred


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve() -> tuple[str, Any, threading.Thread]:
    import uvicorn

    from scamgrid.api.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{port}", server, thread


def _sign_in(client: httpx.Client, email: str, password: str) -> None:
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert csrf is not None
    answer = client.post("/login", data={"email": email, "password": password, "csrf": csrf[1]})
    assert answer.status_code == 303, answer.text


def _timed(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code < 400, f"{path} answered {response.status_code}"
    return elapsed


def _server_row(client: httpx.Client, path: str, base: float) -> str:
    cold = _timed(client, path)
    warm = statistics.median(_timed(client, path) for _ in range(WARM))
    return f"{path[:58]:<58} {cold:>8.1f} {warm:>8.1f} {warm / base:>9.1f}"


def _during_warming(client: httpx.Client) -> str:
    warming = [t for t in threading.enumerate() if t.name == "graph-warming"]
    started = time.perf_counter()
    frames: list[float] = []
    health: list[float] = []
    dropped = 0
    while any(t.is_alive() for t in warming):
        try:
            frames.append(_timed(client, "/graph"))
            health.append(_timed(client, HEALTH))
        except httpx.RemoteProtocolError:
            # The event loop stalled past the keep-alive timeout and closed the connection the
            # request was sent on (browsers resend an idempotent request when that happens).
            dropped += 1
        time.sleep(0.05)
    took = time.perf_counter() - started
    if not frames:
        return "start-up warming: already done when measured"
    return (
        f"start-up warming: {took:.1f} s after the first request; meanwhile GET /graph "
        f"median {statistics.median(frames):.0f} ms, max {max(frames):.0f} ms; GET {HEALTH} "
        f"median {statistics.median(health):.0f} ms, max {max(health):.0f} ms "
        f"({len(frames)} of each; {dropped} kept-alive connections closed under a request)"
    )


BROWSER_TIMING = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  return [paint ? paint.startTime : null, nav ? nav.responseEnd : null];
}"""


def _browser(url: str, pages: list[Page], logins: dict[str, tuple[str, str]]) -> list[str]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        contexts = {}
        for who, (email, password) in logins.items():
            context = browser.new_context(base_url=url, locale="en-GB")
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{url}/")
            contexts[who] = page
        page = contexts["analyst"]

        def load(target: str, ready: str, tab: Any) -> tuple[float, float, float]:
            tab.goto(target, wait_until="commit")
            tab.wait_for_function(
                "performance.getEntriesByName('first-contentful-paint').length > 0"
            )
            if ready:
                tab.wait_for_selector(ready, state="attached", timeout=60_000)
            done = float(tab.evaluate("performance.now()"))
            paint, response = tab.evaluate(BROWSER_TIMING)
            return float(paint), float(response), done if ready else float(paint)

        bare = [load("data:text/html,<h1>scamgrid</h1>", "", page)[0] for _ in range(LOADS)]
        floor = statistics.median(bare)
        out.append(f"{'bare data: page (browser floor)':<58} {floor:>8.0f} {'':>8} {'':>8}")
        for item in pages:
            tab = contexts["admin" if item.admin else "analyst"]
            runs = [load(item.path, item.ready, tab) for _ in range(LOADS)]
            paint = statistics.median(r[0] for r in runs)
            response = statistics.median(r[1] for r in runs)
            done = statistics.median(r[2] for r in runs)
            out.append(
                f"{item.path[:58]:<58} {response:>8.0f} {paint:>8.0f} "
                f"{(f'{done:.0f}' if item.ready else '-'):>8} {paint / floor:>7.1f}"
            )
        browser.close()
    return out


def main() -> None:
    warnings.simplefilter("ignore")
    from scamgrid.demo.users import demo_logins
    from scamgrid.graph import cache

    _ensure_world()
    load_before = os.getloadavg()
    logins = demo_logins()
    analyst = next(x for x in logins if x.agency == "TH-CCIB")
    admin = next(x for x in logins if x.role == "admin")
    url, server, thread = _serve()
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            _sign_in(client, analyst.email, analyst.password)
            print(_during_warming(client))
            w = _world()
            pages, deferred = _pages(w)
            print(
                f"demo world: {w.reports:,} reports; load average before "
                f"{'/'.join(f'{x:.1f}' for x in load_before)}"
            )
            _timed(client, HEALTH)
            base = statistics.median(_timed(client, HEALTH) for _ in range(WARM))
            print(f"\nserver: full HTML over HTTP; baseline GET {HEALTH} {base:.1f} ms warm")
            print(f"{'page':<58} {'cold ms':>8} {'warm ms':>8} {'x health':>9}")
            with httpx.Client(base_url=url, timeout=120) as as_admin:
                _sign_in(as_admin, admin.email, admin.password)
                for item in pages:
                    print(_server_row(as_admin if item.admin else client, item.path, base))
            print("loaded after their frame:")
            for path in deferred:
                print(_server_row(client, path, base))
            cache.clear()
            empty = _timed(client, "/graph/syndicates")
            print(f"{'/graph/syndicates with the cache emptied (no warming)':<58} {empty:>8.1f}")
        print("\nbrowser: chromium, median of three loads, ms from navigation start")
        print(f"{'page':<58} {'response':>8} {'1st rndr':>8} {'complete':>8} {'x floor':>7}")
        who = {
            "analyst": (analyst.email, analyst.password),
            "admin": (admin.email, admin.password),
        }
        for line in _browser(url, pages, who):
            print(line)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(f"load average after {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
