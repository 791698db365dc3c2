"""The pages carry the locators the browser driver relies on (architecture.md section 2)."""

from __future__ import annotations

import posixpath
import re

import pytest

from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio
IMPORT = re.compile(r'^import\b[^"]*"(\.{1,2}/[^"]+)";', re.M)  # static relative imports


async def test_login_page_has_login_password_and_enter(service: Service) -> None:
    page = (await service.client.get("/login")).text
    assert re.search(r'<label for="login">Login</label>', page)
    assert re.search(r'<label for="password">Password</label>', page)
    assert 'name="login"' in page and 'name="password"' in page
    assert re.search(r"<button[^>]*>ENTER</button>", page)
    assert "Relay Contact Center" in page


async def test_console_has_the_contract_locators(agent: Service) -> None:
    page = (await agent.client.get("/console")).text
    testids = ("agent-name", "agent-status", "notifications-state", "chat-panel", "open-chats",
               "queue-count")  # fmt: skip
    for testid in testids:
        assert f'data-testid="{testid}"' in page, testid
    assert re.search(r'aria-haspopup="menu"[^>]*>STATUS<', page)
    for item in ("Return to operating", "Ready", "Paused"):
        assert re.search(rf'role="menuitem"[^>]*>(<span[^>]*></span>)?{item}</button>', page)
    assert re.search(r'data-testid="agent-status">Operating<', page)
    assert re.search(r"8 positions: <span[^>]*>0</span> in use · <span[^>]*>0</span> waiting", page)


async def _module_graph(service: Service, entry: str) -> dict[str, str]:
    """Every ES module reachable from ``entry`` by relative imports, by URL."""
    found: dict[str, str] = {}
    pending = [entry]
    while pending:
        url = pending.pop()
        if url in found:
            continue
        response = await service.client.get(url)
        assert response.status_code == 200, url
        assert "javascript" in response.headers["content-type"], url  # modules need a JS type
        found[url] = response.text
        for target in IMPORT.findall(response.text):
            pending.append(posixpath.normpath(posixpath.join(posixpath.dirname(url), target)))
    return found


async def test_console_loads_its_script_as_a_module(agent: Service) -> None:
    page = (await agent.client.get("/console")).text
    assert '<script type="module" src="/static/console.js"></script>' in page
    modules = await _module_graph(agent, "/static/console.js")
    assert {"/static/console/api.js", "/static/console/live.js"} <= modules.keys()
    for url, source in modules.items():
        assert len(source.splitlines()) < 250, url


async def test_console_script_builds_the_dynamic_locators(service: Service) -> None:
    script = "\n".join((await _module_graph(service, "/static/console.js")).values())
    for needle in (
        '"data-testid": "conversation-item"', '"data-testid": "contact-name"',
        '"data-testid": "chat-contact-name"', '"data-testid": "message"',
        '"data-testid": "message-text"', '"data-testid": "story-image"',
        '"data-testid": "send-error"', 'placeholder: "Type a message"', '"Send")', '"End")',
        '"Conversation ended"', "Notification.requestPermission", "new Notification(",
        "new EventSource(",
    ):  # fmt: skip
        assert needle in script, needle


async def test_root_redirects_by_session(service: Service) -> None:
    assert (await service.client.get("/")).headers["location"] == "/login"
    await service.login()
    assert (await service.client.get("/")).headers["location"] == "/console"
    assert (await service.client.get("/login")).headers["location"] == "/console"
