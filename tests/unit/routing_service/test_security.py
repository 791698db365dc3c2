"""The reference service tried as an attacker would (issue 8, item 2): forms and scripts of
other sites, a login flood while Meta's webhooks keep being answered, user enumeration by
cost, a copied cookie after logout, clickjacking and inline script, a public bind with the
guide's password."""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from typing import Any

import httpx
import pytest

from routing_service import auth
from routing_service.__main__ import main
from tests.unit.routing_service.conftest import Service, ServiceFactory, envelope, text_event

pytestmark = pytest.mark.anyio

EVIL = "https://evil.example"
ORIGIN = "http://contact-center.test"  # the test client's base URL


async def _open_conversation(agent: Service) -> str:
    await agent.message("111", "m1", "hi")
    [conversation] = await agent.conversations()
    return str(conversation["id"])


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": EVIL, "Content-Type": "text/plain"}, 403),  # a cross-origin form
        (
            {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"},
            403,
        ),
        ({"Sec-Fetch-Site": "same-site", "Origin": "http://blog.contact-center.test"}, 403),
        ({"Origin": EVIL, "Content-Type": "application/json"}, 403),  # another site's script
        ({"Origin": "null", "Content-Type": "application/json"}, 403),  # a sandboxed frame
        ({"Content-Type": "text/plain"}, 415),  # a same-origin form still cannot: JSON only
        ({"Content-Type": "multipart/form-data; boundary=x"}, 415),
    ],
)
async def test_another_site_cannot_end_a_chat_or_reply(
    agent: Service, headers: dict[str, str], status: int
) -> None:
    conversation_id = await _open_conversation(agent)
    for path, body in ((f"/api/conversations/{conversation_id}/messages", b'{"text":"pwned"}'),
                       (f"/api/conversations/{conversation_id}/end", b"{}")):  # fmt: skip
        answer = await agent.client.post(path, content=body, headers=headers)
        assert answer.status_code == status, answer.text
        assert answer.json()["error"]["reason"]
    assert agent.graph.sends() == []
    [conversation] = await agent.conversations()
    assert conversation["status"] == "open"


async def test_the_consoles_own_page_still_works(agent: Service) -> None:
    conversation_id = await _open_conversation(agent)
    headers = {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}
    sent = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "ok"}, headers=headers
    )
    assert sent.status_code == 201
    ended = await agent.client.post(
        f"/api/conversations/{conversation_id}/end", json={}, headers=headers
    )
    assert ended.status_code == 200


async def test_public_url_decides_the_own_origin_behind_a_proxy(
    make_service: ServiceFactory,
) -> None:
    async with make_service(public_url="https://desk.example.com") as service:
        await service.login()
        own = {"Origin": "https://desk.example.com"}
        assert (await service.client.put("/api/me/status", json={"status": "ready"},
                                         headers=own)).status_code == 200  # fmt: skip
        host_only = {"Origin": ORIGIN}  # the Host header's origin is not the public one
        assert (await service.client.put("/api/me/status", json={"status": "ready"},
                                         headers=host_only)).status_code == 403  # fmt: skip


async def test_a_login_form_without_its_token_opens_no_session(service: Service) -> None:
    """Login CSRF: another site's form would sign the victim into the attacker's account."""
    answer = await service.client.post("/login", data={"login": "agent", "password": "Aa123*"})
    assert answer.status_code == 403 and "expired" in answer.text
    assert (await service.client.get("/api/me")).status_code == 401
    forged = await service.client.post(
        "/login", data={"login": "agent", "password": "Aa123*", "csrf_token": "guess"}
    )
    assert forged.status_code == 403


async def test_logout_needs_its_token_and_kills_a_copied_cookie(service: Service) -> None:
    await service.login()
    copied = dict(service.client.cookies)
    assert (await service.client.post("/logout")).status_code == 303  # no token: ignored
    assert (await service.client.get("/api/me")).status_code == 200
    assert (await service.logout()).status_code == 303
    thief = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.app), base_url=ORIGIN, cookies=copied
    )
    async with thief:
        assert (await thief.get("/api/me")).status_code == 401


async def test_a_session_unused_for_session_idle_s_ends(agent: Service) -> None:
    assert (await agent.client.get("/api/me")).status_code == 200
    before = agent.router.clock
    agent.router.clock = lambda: before() + agent.settings.session_idle_s * 1000 + 1
    assert (await agent.client.get("/api/me")).status_code == 401


async def test_the_session_cookie_can_be_made_secure(make_service: ServiceFactory) -> None:
    async with make_service(secure_cookie=True) as service:
        page = await service.client.get("/login")
        cookie = page.headers["set-cookie"].lower()
        assert "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


async def test_wrong_passwords_are_throttled_per_account_with_retry_after(
    service: Service,
) -> None:
    for _ in range(5):
        assert (await service.post_login(login="agent", password="guess")).status_code == 401
    blocked = await service.post_login(login="agent", password="Aa123*")  # even the right one
    assert blocked.status_code == 429 and "Too many attempts" in blocked.text
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert (await service.client.get("/api/me")).status_code == 401
    before = service.router.clock
    service.router.clock = lambda: before() + 15 * 60 * 1000
    await service.login()  # the window passed


async def test_one_client_guessing_many_accounts_is_throttled_too(service: Service) -> None:
    for i in range(20):
        assert (await service.post_login(login=f"user{i}", password="x")).status_code == 401
    assert (await service.post_login(login="agent", password="Aa123*")).status_code == 429


async def test_an_unknown_login_costs_one_hash_like_a_known_one(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        calls.append("scrypt")
        return real(*args, **kwargs)

    auth._dummy_hash(auth._cost_of(service.router.store))  # made once, at the agents' cost
    monkeypatch.setattr(auth.hashlib, "scrypt", counted)
    await service.post_login(login="agent", password="wrong")
    known = len(calls)
    await service.post_login(login="nobody-here", password="wrong")
    assert known == 1 and len(calls) - known == 1


async def test_a_login_flood_does_not_hold_back_metas_webhooks(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """32 concurrent logins, each hash stuck in its thread: webhooks are answered meanwhile
    (before, scrypt ran on the event loop: p50 6.2 s, past Meta's 5 s timeout)."""
    release = threading.Event()
    started = threading.Semaphore(0)

    def stuck(password: str, stored: str) -> bool:
        started.release()
        release.wait(30)
        return False

    monkeypatch.setattr(auth, "verify_password", stuck)
    token = await service.csrf_token()
    logins = [
        asyncio.create_task(service.client.post(
            "/login", data={"login": f"user{i % 4}", "password": "x", "csrf_token": token}))
        for i in range(32)
    ]  # fmt: skip
    assert await asyncio.to_thread(started.acquire, True, 10)  # a hash is running
    try:
        for i in range(10):
            body = envelope(text_event(str(900 + i), f"m{i}", "still answered?"))
            assert (await service.webhook(body, wait=False)).status_code == 200
    finally:
        release.set()
    answers = await asyncio.gather(*logins)
    assert {a.status_code for a in answers} <= {401, 429}


async def test_every_page_and_answer_carries_the_security_headers(agent: Service) -> None:
    for path in ("/login", "/console", "/api/me", "/healthz"):
        answer = await agent.client.get(path, follow_redirects=True)
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
    # the simulator's CDN (the Graph base URL's origin) may serve images: story mentions
    assert "http://graph.test" in csp


async def test_the_console_has_no_inline_script_or_style(agent: Service) -> None:
    for path in ("/login", "/console"):
        html = (await agent.client.get(path, follow_redirects=True)).text
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts == [] or all("src=" in s for s in scripts), scripts
        assert not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)


def test_a_public_bind_with_the_guides_password_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {"ACCESS_TOKEN": "t", "APP_SECRET": "s", "VERIFY_TOKEN": "v"}.items():
        monkeypatch.setenv(f"ROUTING_{name}", value)
    monkeypatch.delenv("ROUTING_AGENT_PASSWORD", raising=False)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "default agent password" in capsys.readouterr().err
    ran: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda *_a, **kw: ran.append(kw["host"]))
    assert main(["serve", "--host", "127.0.0.1"]) == 0  # a rehearsal on this machine
    monkeypatch.setenv("ROUTING_AGENT_PASSWORD", "a-real-secret")
    assert main(["serve", "--host", "0.0.0.0"]) == 0
    assert ran == ["127.0.0.1", "0.0.0.0"]


OTHER_ACCOUNT = "17841499999999999"


@pytest.mark.parametrize("where", ["recipient", "entry", "echo sender"])
async def test_an_event_for_another_account_opens_nothing(agent: Service, where: str) -> None:
    event = text_event("111", "m1", "hi")
    body = envelope(event)
    if where == "recipient":
        event["recipient"]["id"] = OTHER_ACCOUNT
    elif where == "entry":
        body["entry"][0]["id"] = OTHER_ACCOUNT
    else:
        event.update(sender={"id": OTHER_ACCOUNT}, recipient={"id": "111"})
        event["message"]["is_echo"] = True
    assert (await agent.webhook(body)).status_code == 200  # stored, as everything signed is
    assert await agent.conversations() == []
    assert agent.router.store.message_by_mid("m1") is None


async def test_the_account_id_is_learned_from_me_when_not_configured(
    make_service: ServiceFactory,
) -> None:
    async with make_service(ig_id="") as service:
        service.graph.profiles["me"] = {"user_id": "17841400000000001", "username": "biz"}
        await service.login()
        await service.set_status("operating")
        stray = text_event("111", "m0", "not for us")
        stray["recipient"]["id"] = OTHER_ACCOUNT
        await service.webhook(envelope(stray))
        await service.message("111", "m1", "for us")
        [conversation] = await service.conversations()
        assert [m["mid"] for m in conversation["messages"]] == ["m1"]
        asked = [r.url for r in service.graph.requests if r.url.path.endswith("/me")]
        assert len(asked) == 1 and asked[0].params["fields"] == "user_id,username"
