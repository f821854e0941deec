"""The pages in a real browser (Debian's chromium, headless, through Playwright)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from scamgrid.cases.tables import RescueRequest
from scamgrid.store import database
from scamgrid.store.tables import PublicReport
from tests.web.browser import PASSWORD, RED_COMPOUND, RED_REPORT, RED_SECRET, Site, screenshot


@pytest.fixture
def page(chromium: Browser, site_env: Site) -> Iterator[Page]:
    context = chromium.new_context(base_url=site_env.url, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def sign_in(page: Page, email: str = "analyst@th-ccib.example.org") -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()


def test_analyst_signs_in_and_finds_a_thai_local_number(page: Page) -> None:
    sign_in(page)
    screenshot(page, "workspace")
    page.get_by_label("Phone number, account, wallet").fill("081 234 5678")
    page.get_by_label("Country of local formats").fill("TH")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/indicators/phone/%2B66812345678$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("+66812345678")
    expect(page.get_by_role("link", name="TH-CCIB-2025-000003")).to_be_visible()
    expect(page.get_by_role("link", name="CN-MPS-2025-000001")).to_be_visible()  # GREEN, shared
    screenshot(page, "indicator")
    page.get_by_role("link", name="TH-CCIB-2025-000001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TH-CCIB-2025-000001")
    expect(page.get_by_text("Somchai Jaidee")).to_be_visible()  # own agency sees the victim
    screenshot(page, "report")


def test_syndicate_graph_draws_its_nodes(page: Page) -> None:
    sign_in(page)
    page.goto("/graph")
    page.get_by_role("link", name=re.compile(r"^S-")).first.click()
    graph = page.locator("#graph[data-nodes]")
    expect(graph).to_be_attached()
    assert int(graph.get_attribute("data-nodes") or 0) >= 4  # three reports and what they share
    expect(page.locator("canvas").first).to_be_visible()
    screenshot(page, "graph-syndicate")
    page.goto("/graph?type=phone&value=%2B66812345678")
    expect(page.locator("#node-list li").first).to_be_visible()
    before = int(page.locator("#graph").get_attribute("data-nodes") or 0)
    assert before >= 5
    page.get_by_role("button", name=re.compile(r"^Telegram ")).first.focus()
    screenshot(page, "graph-neighbourhood")


def test_compound_map_shows_a_marker_per_compound(page: Page) -> None:
    sign_in(page)
    page.get_by_role("link", name="Compound map").click()
    expect(page.locator("#map[data-basemap='ready']")).to_be_attached()
    expect(page.locator("#map")).to_have_attribute("data-markers", "3")
    expect(page.locator("path.compound-marker")).to_have_count(3)
    countries = page.locator(".leaflet-overlay-pane path:not(.compound-marker)")
    assert countries.count() > 200  # the Natural Earth basemap, one path per country
    screenshot(page, "map")


def test_rescue_request_moves_through_two_states(page: Page, site: Site) -> None:
    sign_in(page)
    page.get_by_role("link", name="Rescue requests").click()
    card = page.locator(f"article[id='{site.rescue}']")
    expect(card).to_have_attribute("data-status", "reported")
    card.get_by_role("button", name="Verified").click()
    expect(page.get_by_role("status")).to_contain_text(f"{site.rescue} moved.")
    expect(card).to_have_attribute("data-status", "verified")
    card.get_by_role("button", name="Located").click()
    expect(card).to_have_attribute("data-status", "located")
    screenshot(page, "rescues")
    with database.session(site.db_url) as s:
        stored = s.scalar(select(RescueRequest).where(RescueRequest.reference == site.rescue))
        assert stored is not None and stored.status == "located"
    page.get_by_role("link", name=site.rescue).click()
    expect(page.locator("#status")).to_have_text("Located")
    screenshot(page, "rescue")


def test_pages_switch_to_thai_and_burmese(page: Page) -> None:
    sign_in(page)
    page.get_by_label("Language").select_option("th")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text("ค้นหา")
    screenshot(page, "workspace-th")
    page.get_by_role("link", name="แผนที่แหล่งกักตัว").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("แผนที่แหล่งกักตัว")
    page.get_by_label("ภาษา").select_option("my")
    page.get_by_role("button", name="เปลี่ยน").click()
    expect(page.locator("html")).to_have_attribute("lang", "my")
    expect(page.get_by_role("heading", level=1)).to_have_text("စခန်းမြေပုံ")
    screenshot(page, "map-my")


def test_the_browsers_language_picks_chinese(chromium: Browser, site_env: Site) -> None:
    context = chromium.new_context(base_url=site_env.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/check")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("这是诈骗吗？")
    screenshot(page, "check-zh")
    context.close()


def test_public_check_and_report_forms(page: Page, site: Site) -> None:
    page.goto("/check")
    page.get_by_label("Number, link, wallet or message").fill("081-234-5678")
    page.get_by_label("Your country").select_option("TH")
    page.get_by_role("button", name="Check", exact=True).click()
    answer = page.locator("#answer")
    expect(answer).to_contain_text("Reported 4 times as a scam.")  # GREEN only, never RED
    expect(answer).to_contain_text("Impersonation")
    for agency in ("TH-CCIB", "CN-MPS", "TH-CCIB-2025"):
        assert agency not in page.content()
    screenshot(page, "check-number")
    page.get_by_label("Number, link, wallet or message").fill(
        "Your parcel is held at customs. Pay the fee now at hxxps://secure-verify[.]top/login"
    )
    page.get_by_role("button", name="Check", exact=True).click()
    expect(answer.get_by_role("heading", level=2)).to_be_visible()
    expect(answer).to_contain_text("What to do")
    screenshot(page, "check-message")

    page.goto("/report")
    page.get_by_label("A relative or friend trapped").check()
    page.get_by_label("Your country", exact=True).select_option("CN")
    page.get_by_label("What happened").fill("My brother went for a job and cannot leave.")
    page.get_by_label("Numbers, links, accounts").fill("+66812345678\nnot a number at all")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("#identifiers-error")).to_contain_text("line 2")
    expect(page.get_by_label("Numbers, links, accounts")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Numbers, links, accounts").fill("+66812345678")
    page.get_by_label("Name of the person trapped").fill("Wang Wei")
    page.get_by_label("Where they are held").fill("KK Park")
    page.get_by_role("button", name="Send report").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Your report was received")
    reference = re.search(r"PR-[0-9A-F]{12}", status.inner_text())
    assert reference is not None
    screenshot(page, "report-sent")
    with database.session(site.db_url) as s:
        stored = s.scalar(select(PublicReport).where(PublicReport.reference == reference.group(0)))
    assert stored is not None and stored.kind == "trapped_person" and stored.country == "CN"
    assert "Wang Wei" in stored.narrative and "+66812345678" in stored.indicators


def test_no_page_shows_another_agencys_red_data(page: Page) -> None:
    sign_in(page)
    paths = [
        "/",
        "/indicators/phone/%2B66812345678",
        "/map",
        "/rescues",
        "/repatriation",
        "/graph",
        "/graph?type=phone&value=%2B66812345678",
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert RED_SECRET not in page.content(), path
        assert RED_REPORT not in page.content(), path
    page.goto("/stats")
    expect(page.locator("canvas[data-drawn]").first).to_be_attached()
    assert RED_SECRET not in page.content()
    page.goto(f"/reports/{RED_REPORT}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    red_graph = page.request.get(f"/graph/elements?report={RED_REPORT}")
    assert red_graph.status == 404
    page.goto("/graph?type=telegram&value=red_only_cn_7741")
    page.wait_for_load_state("networkidle")
    assert page.locator("#graph").get_attribute("data-nodes") == "1"  # the value, no reports
    assert RED_COMPOUND not in page.content()


ACCESSIBILITY = (Path(__file__).parent / "accessibility.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "my"])
def test_pages_have_labels_a_skip_link_and_enough_contrast(page: Page, lang: str) -> None:
    page.goto("/check")
    problems = {"/check": page.evaluate(ACCESSIBILITY)}
    sign_in(page, "admin@th-ccib.example.org")
    page.goto(f"/language?lang={lang}")
    for path in ["/", "/indicators/phone/%2B66812345678", "/graph", "/map", "/rescues", "/stats",
                 "/repatriation", "/audit", "/graph?type=phone&value=%2B66812345678"]:  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("networkidle")
        problems[path] = page.evaluate(ACCESSIBILITY)
        name = re.sub(r"[^a-z]+", "-", path.split("%")[0]).strip("-") or "home"
        screenshot(page, f"{lang}-{name}")
        first = "document.querySelector('a[href], button, input, select, textarea')"
        assert page.evaluate(f"{first}.classList.contains('skip')"), path
    page.goto("/graph")
    page.keyboard.press("Tab")  # the first stop is the skip link, which shows itself
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    assert (skip.bounding_box() or {"x": -1})["x"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()  # and leads to the content
    for path in ["/report", "/login"]:
        page.goto(path)
        problems[path] = page.evaluate(ACCESSIBILITY)
    assert {path: found for path, found in problems.items() if found} == {}
