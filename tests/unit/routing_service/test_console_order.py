"""The console shows a conversation in the server's order, and live updates land in place.

The routing service is served to Chromium; webhooks are POSTed while the console is open, so
each message arrives over the live events (``message.created``, ``message.updated``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from fixtures.browser import close_windows
from fixtures.servers import bind_loopback, served
from routing_service.app import create_app
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

# Meta's clock, near the service's: an entry.time far from it would not be believed, and a
# user's message from 2024 has its reply window long closed
T = int(time.time() * 1000)
TEXTS = '[data-testid="message"] [data-testid="message-text"]'


@pytest.fixture
def service_url(browser: Browser) -> Iterator[str]:
    """The service, stopped after the test's pages close (their live streams would hold it)."""
    graph = GraphStub(profiles={"111": {"name": "Ana Souza", "username": "ana.souza"}})
    settings = Settings(
        access_token=ACCESS_TOKEN, app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
        graph_base_url=GRAPH, database=":memory:", session_secret="test-session-secret",
        scrypt_n=CHEAP_SCRYPT_N,
    )  # fmt: skip
    app = create_app(
        settings, lambda: httpx.AsyncClient(transport=httpx.MockTransport(graph.handler))
    )
    with served(app, bind_loopback(), name="routing-service") as url:
        yield url
        close_windows(browser)


def _post(url: str, event: dict[str, Any], meta_now: int) -> None:
    """Meta POSTs one event at ``meta_now`` on its clock (``entry.time``)."""
    body = {"object": "instagram", "entry": [{"id": IG_ID, "time": meta_now, "messaging": [event]}]}
    raw = json.dumps(body).encode()
    answer = httpx.post(
        f"{url}/webhooks/instagram",
        content=raw,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw)},
    )
    assert answer.status_code == 200, answer.text


def _console(browser: Browser, url: str) -> Page:
    page = browser.new_page(base_url=url)
    page.goto("/login")
    page.get_by_label("Login").fill("agent")
    page.get_by_label("Password").fill("Aa123*")
    page.get_by_role("button", name="ENTER").click()
    page.wait_for_url("**/console")
    assert page.request.put("/api/me/status", data={"status": "operating"}).ok
    return page


def test_live_messages_and_an_echo_take_their_place_by_metas_time(
    browser: Browser, service_url: str
) -> None:
    page = _console(browser, service_url)
    _post(service_url, text_event("111", "m1", "first", ts=T), T)
    expect(page.locator(TEXTS)).to_have_text(["first"])
    _post(service_url, text_event("111", "m3", "third", ts=T + 2000), T + 5000)
    _post(service_url, text_event("111", "m2", "second", ts=T + 1000), T + 5000)  # retried
    expect(page.locator(TEXTS)).to_have_text(["first", "second", "third"])
    page.get_by_placeholder("Type a message").fill("Hello!")
    page.get_by_role("button", name="Send", exact=True).click()  # stamped ~T + 5000
    expect(page.locator(TEXTS)).to_have_text(["first", "second", "third", "Hello!"])
    echo = {
        "sender": {"id": IG_ID}, "recipient": {"id": "111"}, "timestamp": T + 1500,
        "message": {"mid": "m_out_1", "text": "Hello!", "is_echo": True},
    }  # fmt: skip
    _post(service_url, echo, T + 6000)
    expect(page.locator(TEXTS)).to_have_text(["first", "second", "Hello!", "third"])
    page.reload()
    expect(page.locator(TEXTS)).to_have_text(["first", "second", "Hello!", "third"])
