"""Reading the system under test back: when its console showed each message (sampled from
the reference service's long-poll ``/api/events`` while the load runs) and which messages
it kept afterwards (``/api/conversations``, or any JSON URL answering ``{"mids": [...]}``,
or, for an app with neither, Meta's delivery log: what it acknowledged with a 200)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import httpx

_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
POLL_S = 2.0  # each long-poll's own timeout; the watcher stops when asked


class Kept(Protocol):
    def kept_mids(self) -> list[str]: ...


class ReferenceConsole:
    """The agent, logged in to the reference service's JSON API, Operating (so conversations
    are assigned), watching its events for the time each message is shown."""

    def __init__(self, app_url: str, login: str, password: str) -> None:
        self._http = httpx.Client(base_url=app_url.rstrip("/"), timeout=10.0, trust_env=False)
        page = self._http.get("/login")
        token = _FORM_TOKEN.search(page.text)
        if token is None:
            raise RuntimeError(f"{app_url}/login has no csrf_token: is it the reference service?")
        answer = self._http.post(
            "/login", data={"login": login, "password": password, "csrf_token": token[1]}
        )
        if answer.status_code not in (200, 303):
            raise RuntimeError(f"logging in as {login!r} was refused (HTTP {answer.status_code})")
        me = self._http.put("/api/me/status", json={"status": "operating"}).raise_for_status()
        self.positions = int(me.json().get("positions") or 0) or self._me()["positions"]
        self.shown_at: dict[str, float] = {}
        self.seen: list[str] = []  # "seq type mid,mid": what the watcher read, for a report
        self.changed = threading.Condition()  # notified on every answer of the watcher
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="agent-events", daemon=True)
        self._last_seq = self._http.get("/api/events", params={"timeout": 0}).json()["last_seq"]
        self._poller = httpx.Client(
            base_url=app_url.rstrip("/"),
            timeout=POLL_S + 10,
            trust_env=False,
            cookies=self._http.cookies,
        )

    def start(self) -> ReferenceConsole:
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                answer = self._poller.get(
                    "/api/events", params={"after": self._last_seq, "timeout": POLL_S}
                )
            except httpx.HTTPError:
                continue  # the app is busy: ask again (bounded by stop())
            data = answer.json()
            now = time.time()
            for event in data.get("events", []):
                mids = []
                for message in _messages_of(event):
                    if message.get("direction") == "in":
                        self.shown_at.setdefault(message.get("mid", ""), now)
                        mids.append(str(message.get("mid", "")))
                self.seen.append(f"{event.get('seq')} {event.get('type')} {','.join(mids)}")
            with self.changed:
                self._last_seq = data.get("last_seq", self._last_seq)
                self.changed.notify_all()

    def _me(self) -> dict[str, Any]:
        return self._http.get("/api/me").raise_for_status().json()

    def pending(self) -> int:
        """Stored webhook bodies not yet handled (``/healthz``)."""
        hooks = self._http.get("/healthz").json().get("webhooks", {})
        return int(hooks.get("pending", 0)) + int(hooks.get("queued", 0))

    def settle(self, timeout: float) -> bool:
        """Wait until every stored body is handled, then until the watcher has read every
        event the app had published by then (so ``shown_at`` holds all it ever will); woken
        by the watcher's answers (one at least every ``POLL_S``), ``timeout`` only a cap."""
        deadline = time.monotonic() + timeout
        while self.pending() != 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.changed:
                self.changed.wait(min(remaining, POLL_S + 1))
        published = self._http.get("/api/events", params={"timeout": 0}).json()["last_seq"]
        with self.changed:
            return self.changed.wait_for(
                lambda: self._last_seq >= published, max(deadline - time.monotonic(), 0)
            )

    def kept_mids(self) -> list[str]:
        conversations = self._http.get("/api/conversations").raise_for_status().json()
        return [
            m["mid"]
            for c in conversations
            for m in c.get("messages", [])
            if m.get("direction") == "in"
        ]

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(POLL_S + 11)
        self._poller.close()
        self._http.close()


def _messages_of(event: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The messages an event puts on the agent's screen: a new conversation shows its first
    ones, ``message.created`` one more."""
    data = event.get("data") or {}
    if event.get("type") == "conversation.created":
        return list((data.get("conversation") or {}).get("messages") or [])
    if event.get("type") == "message.created" and data.get("message"):
        return [data["message"]]
    return []


class KeptAtUrl:
    """A system under test that lists what it kept at a URL: ``{"mids": [...]}`` (repeats
    count as duplicates)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def kept_mids(self) -> list[str]:
        with httpx.Client(timeout=10.0, trust_env=False) as client:
            return list(client.get(self.url).raise_for_status().json()["mids"])


class AcknowledgedByApp:
    """No readback: what the app acknowledged with a 200, per Meta's log (or the workers')."""

    def __init__(self, log: Iterable[Mapping[str, Any]]) -> None:
        self._log = list(log)

    def kept_mids(self) -> list[str]:
        out: list[str] = []
        for entry in self._log:
            if entry.get("outcome") == "delivered":
                out += entry["event_mids"]
            elif entry.get("status") == 200 and entry.get("mid"):  # a direct-mode journal line
                out.append(entry["mid"])
        return list(dict.fromkeys(out))  # a 200 twice is Meta's redelivery, not a duplicate
