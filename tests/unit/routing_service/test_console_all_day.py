"""The console as an agent uses it all day (issue 8, item 5), in Chromium: a reload keeps the
open chat, the draft and the unread counts; a follow-up message moves its chat up and says so
without covering the list; a blocked notification permission says how to lift it; the reply
window's time left, and why sending is closed; dates with their year; one pane at a time on a
phone, both at 768 px."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from fixtures.browser import close_windows
from fixtures.servers import bind_loopback, served
from routing_service.app import create_app
from routing_service.auth import hash_password
from routing_service.routing import Router
from routing_service.settings import Settings
from tests.unit.routing_service.conftest import (
    ACCESS_TOKEN,
    APP_SECRET,
    CHEAP_SCRYPT_N,
    GRAPH,
    IG_ID,
    VERIFY_TOKEN,
    GraphStub,
    sign,
    text_event,
)

pytestmark = pytest.mark.browser

HOUR = 3_600_000
ITEMS = '[data-testid="conversation-item"]'
PROFILES = {
    "111": {"name": "Ana Souza"},
    "222": {"name": "Bruno Lima"},
    "333": {"name": "Carla Dias"},
}


@dataclass
class Running:
    url: str
    router: Router

    def post(self, igsid: str, mid: str, text: str, *, sent_ms: int, meta_now: int) -> None:
        """Meta POSTs the user's message written at ``sent_ms``, at ``meta_now`` on its clock."""
        event = text_event(igsid, mid, text, ts=sent_ms)
        body = {"object": "instagram",
                "entry": [{"id": IG_ID, "time": meta_now, "messaging": [event]}]}  # fmt: skip
        raw = json.dumps(body).encode()
        answer = httpx.post(
            f"{self.url}/webhooks/instagram", content=raw,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw)},
        )  # fmt: skip
        assert answer.status_code == 200, answer.text

    def now(self) -> int:
        return self.router.clock()


@pytest.fixture
def service(browser: Browser) -> Iterator[Running]:
    """The service, stopped after the test's pages close (their live streams would hold it)."""
    graph = GraphStub(profiles=PROFILES)
    settings = Settings(
        access_token=ACCESS_TOKEN, app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
        graph_base_url=GRAPH, ig_id=IG_ID, database=":memory:", session_secret="s",
        scrypt_n=CHEAP_SCRYPT_N,
    )  # fmt: skip
    app = create_app(
        settings, lambda: httpx.AsyncClient(transport=httpx.MockTransport(graph.handler))
    )
    with served(app, bind_loopback(), name="routing-service") as url:
        yield Running(url, app.state.router)
        close_windows(browser)


def _console(
    browser: Browser, url: str, width: int = 1280, height: int = 860, login: str = "agent",
    password: str = "Aa123*",
) -> Page:  # fmt: skip
    page = browser.new_page(base_url=url, viewport={"width": width, "height": height})
    page.goto("/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="ENTER").click()
    page.wait_for_url("**/console")
    answer = page.request.put(
        "/api/me/status", data={"status": "operating"}, headers={"Content-Type": "application/json"}
    )
    assert answer.ok, answer.text()
    return page


def _three_chats(service: Running, page: Page) -> None:
    now = service.now()
    for i, igsid in enumerate(("111", "222", "333")):
        service.post(igsid, f"m{igsid}", f"hello from {igsid}", sent_ms=now + i, meta_now=now + i)
    expect(page.locator(ITEMS)).to_have_count(3)


def _names(page: Page) -> list[str]:
    return page.locator(f'{ITEMS} [data-testid="contact-name"]').all_inner_texts()


def test_a_reload_keeps_the_open_chat_the_draft_and_the_unread_counts(
    browser: Browser, service: Running
) -> None:
    page = _console(browser, service.url)
    _three_chats(service, page)
    page.locator(ITEMS).filter(has_text="Bruno Lima").click()
    page.get_by_placeholder("Type a message").fill("Let me check that for y")
    carla = page.locator(ITEMS).filter(has_text="Carla Dias")
    expect(carla.locator(".unread")).to_have_text("1")
    page.reload()
    expect(page.get_by_test_id("chat-contact-name")).to_have_text("Bruno Lima")
    expect(page.get_by_placeholder("Type a message")).to_have_value("Let me check that for y")
    expect(page.locator(ITEMS).filter(has_text="Carla Dias").locator(".unread")).to_have_text("1")
    page.locator(ITEMS).filter(has_text="Ana Souza").click()  # each chat has its own draft
    expect(page.get_by_placeholder("Type a message")).to_have_value("")
    page.locator(ITEMS).filter(has_text="Bruno Lima").click()
    expect(page.get_by_placeholder("Type a message")).to_have_value("Let me check that for y")


def test_a_follow_up_moves_its_chat_up_and_a_toast_says_so_beside_the_list(
    browser: Browser, service: Running
) -> None:
    page = _console(browser, service.url)
    _three_chats(service, page)
    page.locator(ITEMS).filter(has_text="Carla Dias").click()
    assert _names(page)[0] == "Carla Dias"  # the newest first
    # the toast goes after 5 s of the page's clock: held still, so the checks below never race
    # it on a busy machine (nothing else on the page waits on a timer)
    page.clock.install()
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))
    service.post("111", "m111b", "are you there?", sent_ms=service.now() + 10,
                 meta_now=service.now() + 10)  # fmt: skip
    expect(page.locator(f"{ITEMS} [data-testid=contact-name]").first).to_have_text("Ana Souza")
    toast = page.locator(".toast").filter(has_text="New message from Ana Souza")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("are you there?")
    sidebar = page.locator(".sidebar").bounding_box()
    box = toast.bounding_box()
    assert sidebar and box and box["x"] >= sidebar["x"] + sidebar["width"], (box, sidebar)
    end = page.locator("#end-button").bounding_box()
    assert end and box["y"] >= end["y"] + end["height"], "the toast covers End"
    toast.click()  # it opens the chat it is about
    expect(page.get_by_test_id("chat-contact-name")).to_have_text("Ana Souza")


def test_blocked_notifications_say_how_to_allow_them(browser: Browser, service: Running) -> None:
    page = _console(browser, service.url)
    state = page.get_by_test_id("notifications-state").inner_text()
    help_ = page.get_by_test_id("notifications-help")
    if state == "denied":  # headless Chromium's default
        expect(help_).to_be_visible()
        expect(help_).to_contain_text("site settings")
        page.get_by_role("button", name="Dismiss").click()
        expect(help_).to_be_hidden()
        page.reload()
        expect(help_).to_be_hidden()  # dismissed for this tab
    page.context.grant_permissions(["notifications"], origin=service.url)
    expect(page.get_by_test_id("notifications-state")).to_have_text("granted")
    expect(help_).to_be_hidden()


@pytest.mark.parametrize(
    ("hours_ago", "badge", "closed"),
    [(2, "Reply window: 21 h", False), (30, "Human agent window: 5 d 17 h", False),
     (24 * 8, "Reply window closed", True)],
)  # fmt: skip
def test_the_reply_window_says_how_long_is_left_and_why_sending_closed(
    browser: Browser, service: Running, hours_ago: int, badge: str, closed: bool
) -> None:
    page = _console(browser, service.url)
    now = service.now()
    service.post("111", "m1", "hi", sent_ms=now - hours_ago * HOUR, meta_now=now)
    expect(page.get_by_test_id("reply-window")).to_contain_text(badge)
    if closed:
        expect(page.get_by_test_id("window-closed")).to_contain_text("more than 7 days ago")
        expect(page.get_by_placeholder("Type a message")).to_have_count(0)
    else:
        expect(page.get_by_placeholder("Type a message")).to_be_visible()


def test_dates_carry_the_year_when_it_is_not_this_year(browser: Browser, service: Running) -> None:
    page = _console(browser, service.url)
    service.post("111", "m1", "an old one", sent_ms=1_718_000_000_000, meta_now=service.now())
    expect(page.locator(".day-sep").first).to_contain_text("2024")
    expect(page.locator(f"{ITEMS} time").first).to_contain_text("2024")


def test_a_phone_shows_the_list_then_the_chat_with_a_way_back(
    browser: Browser, service: Running
) -> None:
    page = _console(browser, service.url, 390, 844)
    _three_chats(service, page)
    page.evaluate("() => { const b = document.querySelector('.back-button'); if (b) b.click(); }")
    expect(page.locator(".sidebar")).to_be_visible()
    expect(page.locator(".chat-panel")).to_be_hidden()
    page.locator(ITEMS).filter(has_text="Ana Souza").click()
    expect(page.locator(".chat-panel")).to_be_visible()
    expect(page.locator(".sidebar")).to_be_hidden()
    for locator in (
        page.get_by_role("button", name="End", exact=True),
        page.get_by_role("button", name="Send", exact=True),
    ):
        box = locator.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Back to conversations").click()
    expect(page.locator(".sidebar")).to_be_visible()


def test_at_768_px_the_list_and_the_chat_are_side_by_side(
    browser: Browser, service: Running
) -> None:
    page = _console(browser, service.url, 768, 1000)
    _three_chats(service, page)
    expect(page.locator(".sidebar")).to_be_visible()
    expect(page.locator(".chat-panel")).to_be_visible()
    expect(page.get_by_role("button", name="Back to conversations")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 768


def test_a_chat_is_transferred_from_the_console_to_a_colleague(
    browser: Browser, service: Running
) -> None:
    service.router.store.upsert_agent("bea", "Bea Agent", hash_password("bea-password"))
    bea = _console(browser, service.url, login="bea", password="bea-password")
    alex = _console(browser, service.url)  # the guide's agent, operating after Bea
    now = service.now()
    service.post("111", "m1", "first", sent_ms=now, meta_now=now)  # Bea had none: hers
    service.post("222", "m2", "second", sent_ms=now + 1, meta_now=now + 1)  # then Alex's
    expect(alex.locator(ITEMS)).to_have_count(1)
    expect(alex.get_by_test_id("chat-contact-name")).to_have_text("Bruno Lima")
    alex.get_by_role("button", name="Transfer").click()
    option = alex.get_by_role("menuitem").filter(has_text="Bea Agent")
    expect(option).to_contain_text("7 free")
    option.click()
    expect(alex.locator(ITEMS)).to_have_count(0)
    expect(alex.locator(".toast").filter(has_text="Transferred to Bea Agent")).to_be_visible()
    expect(bea.locator(ITEMS)).to_have_count(2)
    expect(bea.locator(ITEMS).filter(has_text="Bruno Lima")).to_be_visible()
