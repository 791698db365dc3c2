"""The pages carry the locators the browser driver relies on (architecture.md section 2)."""

from __future__ import annotations

import re

import pytest

from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio


async def test_login_page_has_login_password_and_enter(service: Service) -> None:
    page = (await service.client.get("/login")).text
    assert re.search(r'<label for="login">Login</label>', page)
    assert re.search(r'<label for="password">Password</label>', page)
    assert 'name="login"' in page and 'name="password"' in page
    assert re.search(r"<button[^>]*>ENTER</button>", page)
    assert "Relay Contact Center" in page


async def test_console_has_the_contract_locators(agent: Service) -> None:
    page = (await agent.client.get("/console")).text
    for testid in ("agent-name", "agent-status", "notifications-state", "chat-panel"):
        assert f'data-testid="{testid}"' in page, testid
    assert re.search(r'aria-haspopup="menu"[^>]*>STATUS<', page)
    for item in ("Return to operating", "Ready", "Paused"):
        assert re.search(rf'role="menuitem"[^>]*>(<span[^>]*></span>)?{item}</button>', page)
    assert re.search(r'data-testid="agent-status">Operating<', page)
    assert "8 positions: 0 in use" in page


async def test_console_script_builds_the_dynamic_locators(service: Service) -> None:
    script = (await service.client.get("/static/console.js")).text
    for needle in (
        '"data-testid": "conversation-item"', '"data-testid": "contact-name"',
        '"data-testid": "chat-contact-name"', '"data-testid": "message"',
        '"data-testid": "message-text"', '"data-testid": "story-image"',
        '"data-testid": "send-error"', 'placeholder: "Type a message"', '"Send")', '"End")',
        '"Conversation ended"', "Notification.requestPermission", "new Notification(",
        '"New Instagram conversation"', "new EventSource(",
    ):  # fmt: skip
        assert needle in script, needle


async def test_root_redirects_by_session(service: Service) -> None:
    assert (await service.client.get("/")).headers["location"] == "/login"
    await service.login()
    assert (await service.client.get("/")).headers["location"] == "/console"
    assert (await service.client.get("/login")).headers["location"] == "/console"
