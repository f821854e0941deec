"""First render of every workspace and public page on the demo world, in process.

Each page's first request after the app starts (cold) and the median of five more (warm), as
the TH-CCIB demo analyst, beside the baseline of GET /api/v1/health measured the same way in
the same run. The demo world is the one under $SCAMGRID_HOME (`scamgrid demo` seeds it; this
benchmark seeds one with BENCH_WEB_REPORTS reports when none is there).

    .venv/bin/python -m benchmarks web
"""

from __future__ import annotations

import os
import re
import statistics
import time
import warnings

from sqlalchemy import func, select

PAGES = [
    "/",
    "/indicators/phone/%2B66812345678",
    "/map",
    "/rescues",
    "/repatriation",
    "/stats",
    "/stats/figures",
    "/graph",
    "/check",
    "/report",
    "/login",
]
WARM = 5


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


def _timed(client: object, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000, response.status_code


def main() -> None:
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from scamgrid.api.app import create_app
    from scamgrid.demo.users import demo_logins
    from scamgrid.store import database
    from scamgrid.store.tables import Report

    _ensure_world()
    login = next(x for x in demo_logins() if x.agency == "TH-CCIB")
    with database.session() as s:
        reports = s.scalar(select(func.count()).select_from(Report))
    client = TestClient(create_app())
    base_cold, _ = _timed(client, "/api/v1/health")
    base_warm = statistics.median(_timed(client, "/api/v1/health")[0] for _ in range(WARM))
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert csrf is not None
    client.post(
        "/login",
        data={"email": login.email, "password": login.password, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    print(f"demo world: {reports:,} reports; baseline GET /api/v1/health {base_warm:.1f} ms warm")
    print(f"{'page':<36} {'cold ms':>8} {'warm ms':>8} {'x health':>9}")
    for path in PAGES:
        cold, status = _timed(client, path)
        warm = statistics.median(_timed(client, path)[0] for _ in range(WARM))
        assert status < 400, f"{path} answered {status}"
        print(f"{path:<36} {cold:>8.1f} {warm:>8.1f} {warm / base_warm:>9.1f}")
    print(f"(health cold {base_cold:.1f} ms: the first request of the process)")


if __name__ == "__main__":
    main()
