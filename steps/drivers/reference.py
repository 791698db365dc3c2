"""The reference service's own console drivers: its JSON API (no browser, fast) here, its
pages in ``reference_browser.py``. A plug-in like any team's: they know its private API and
markup, which the features never do (docs/architecture.md section 2 documents both)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from fixtures.http import SyncHttp
from fixtures.sut import AgentAccount
from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    STATUS_BY_MENU_ITEM,
    STATUS_LABELS,
    ChatMessage,
    ChatView,
    ConsoleSession,
    SendRefused,
)
from steps.drivers.waiting import EventFeed, settled_when_idle, wait_for_text, wait_until

STORY_TYPES = ("story_mention", "story_reply")  # shown as the story's picture


TIDY_ROUNDS = 5  # of ending the open conversations, as the queue refills the positions


def chat_view(conversation: dict[str, Any]) -> ChatView:
    """The console's JSON for a conversation, as the agent sees it (docs/architecture.md
    section 2: ``attachments[{type, url}]``, ``details``, ``reaction``, ``display_text``)."""
    raw = conversation.get("messages", [])
    shown = {m.get("mid"): m.get("display_text") or m.get("text") or "" for m in raw}
    return ChatView(
        conversation_id=str(conversation["id"]),
        contact_name=conversation.get("contact_name") or "",
        kind=conversation.get("kind", "direct"),
        status=conversation.get("status", "open"),
        messages=tuple(_chat_message(m, shown) for m in raw),
    )


def _chat_message(m: dict[str, Any], shown: dict[str, str]) -> ChatMessage:
    deleted = bool(m.get("deleted"))
    attachments = [] if deleted else m.get("attachments") or []
    story = next((a.get("url") for a in attachments if a.get("type") in STORY_TYPES), None)
    details = m.get("details") or {}
    answered = details.get("reply_to_mid")
    return ChatMessage(
        direction=m["direction"],
        text=m.get("display_text") or m.get("text") or "",
        mid=m.get("mid") or "",
        deleted=deleted,
        story_url=story,
        media_urls=tuple(
            a["url"] for a in attachments if a.get("url") and a.get("type") not in STORY_TYPES
        ),
        reaction=((m.get("reaction") or {}).get("emoji") or "") if not deleted else "",
        quote=shown.get(answered, "") if answered else "",
        unsupported=bool(details.get("unsupported")),
    )


def _reason(answer: Any) -> str | None:
    """The sentence the console shows for a refused send (``{"error": {"reason"}}``)."""
    try:
        reason = answer.json()["error"]["reason"]
    except (ValueError, KeyError, TypeError):
        return None
    return reason if isinstance(reason, str) and reason else None


_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(http: SyncHttp, page: str) -> str:
    """The token the service's login and logout forms carry (it refuses them without)."""
    found = _FORM_TOKEN.search(http.get(page, follow_redirects=True).text)
    if found is None:
        raise AssertionError(f"{page} has no csrf_token field: is this the reference service?")
    return found.group(1)


def log_in(http: SyncHttp, login: str, password: str) -> Any:
    """POST the login form as the page would (its token included); answers the response."""
    token = form_token(http, "/login")
    return http.post("/login", data={"login": login, "password": password, "csrf_token": token})


def configured_positions(http: SyncHttp, agent: AgentAccount) -> int:
    """The agent's simultaneous positions (``/api/me``), read in a login of its own."""
    try:
        answer = log_in(http, agent.login, agent.password)
        if answer.status_code != 303:
            raise AssertionError(f"the guide's agent cannot log in: HTTP {answer.status_code}")
        positions = int(http.get("/api/me").raise_for_status().json()["positions"])
        http.post("/logout", data={"csrf_token": form_token(http, "/console")})
        return positions
    finally:
        http.close()


class ReferenceApiConsole:
    """The reference service's JSON API, with the agent's session cookie."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "the reference console (JSON API)"

    uses_browser: ClassVar[bool] = False

    def __init__(self, session: ConsoleSession) -> None:
        self._session = session
        self._http = session.http
        self._events = EventFeed(self._http, "/api/events")
        # a wait ends once nothing is left to do on either side (``/healthz``: no webhook body
        # stored and not yet handled): a check that fails then has failed for good
        self._settled = settled_when_idle(session.sim, self._idle)
        self._seen: set[str] = set()
        self._known: set[str] = set()
        self._current: str | None = None

    def open(self) -> None:
        page = self._http.get("/", follow_redirects=True)
        if page.status_code != 200 or 'name="password"' not in page.text:
            raise AssertionError(
                f"the contact center's URL did not show a login page ({page.status_code})"
            )

    def log_in(self, login: str, password: str) -> None:
        answer = log_in(self._http, login, password)
        if answer.status_code != 303:
            raise AssertionError(
                f"logging in as {login!r} was refused (HTTP {answer.status_code}): check that "
                "[agent] login and password are the app's own"
            )
        console = self._http.get(answer.headers["location"])
        if console.status_code != 200:
            raise AssertionError(f"the application did not open: HTTP {console.status_code}")
        self._known = {str(c["id"]) for c in self._conversations()}  # an app that outlives one
        self._seen |= self._known  # scenario keeps its conversations: none of them is new
        self._events.skip_to_now()  # nor its events

    def logged_in_agent(self) -> str:
        return self._me()["name"]

    def allow_notifications(self) -> str:
        # No browser prompt over HTTP; what the console notifies on is checked in notifications().
        return "granted"

    def choose_status(self, menu_item: str) -> None:
        status = STATUS_BY_MENU_ITEM[menu_item]
        answer = self._http.put("/api/me/status", json={"status": status})
        if answer.status_code != 200:
            raise AssertionError(f"status change refused: HTTP {answer.status_code} {answer.text}")

    def status(self) -> str:
        status = self._me()["status"]
        return STATUS_LABELS.get(status, status)

    def wait_for_new_conversation(
        self, *, kind: str = "direct", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def new_one() -> dict | None:
            for conversation in self._conversations():
                if str(conversation["id"]) not in self._seen and conversation.get("kind") == kind:
                    return conversation
            return None

        found = wait_until(
            new_one,
            self._events,
            timeout=timeout,
            what=f"a new {kind} conversation",
            settled=self._settled,
        )
        self._seen.add(str(found["id"]))
        self._current = str(found["id"])
        return self.current_conversation()

    def current_conversation(self) -> ChatView:
        return chat_view(self._conversation())

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        view = self.current_conversation
        return wait_for_text(view, self._events, text, direction, timeout, self._settled)

    def wait_for_view(
        self, check: Callable[[ChatView], bool], *, what: str, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def passed() -> ChatView | None:
            view = self.current_conversation()
            return view if check(view) else None

        return wait_until(passed, self._events, timeout=timeout, what=what, settled=self._settled)

    def reply(self, text: str) -> None:
        answer = self._http.post(
            f"/api/conversations/{self._current}/messages", json={"text": text}
        )
        if answer.status_code == 201:
            return
        reason = _reason(answer)
        if reason is None:
            status = answer.status_code
            raise AssertionError(f"the answer was not sent: HTTP {status} {answer.text}")
        raise SendRefused(reason)  # the console shows it above the composer

    def wait_for_load(
        self, *, open_chats: int, waiting: int, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        """``/api/me``: ``open_conversations`` and ``queued`` (the console's counters)."""
        shown: list[tuple[int, int]] = []

        def load() -> bool:
            me = self._me()
            shown.append((me["open_conversations"], me["queued"]))
            return shown[-1] == (open_chats, waiting)

        try:
            what = "the console's counters"
            wait_until(load, self._events, timeout=timeout, what=what, settled=self._settled)
        except TimeoutError:
            raise AssertionError(
                f"the console shows {shown[-1][0]} open chats and {shown[-1][1]} waiting, "
                f"not {open_chats} and {waiting}"
            ) from None

    def end_conversation(self) -> ChatView:
        answer = self._http.post(f"/api/conversations/{self._current}/end", json={})
        if answer.status_code != 200:
            raise AssertionError(f"End failed: HTTP {answer.status_code} {answer.text}")
        return self.current_conversation()

    def notifications(self) -> list[str]:
        """What the console shows as a browser notification: the service words each one in
        its ``conversation.created`` event."""
        self._events.next_batch(0.05)
        return [
            f"{e['data']['notification']['title']}: {e['data']['notification']['body']}"
            for e in self._events.seen
            if e.get("type") == "conversation.created"
        ]

    def wait_for_deleted(
        self, original_text: str, *, mid: str = "", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def deleted() -> ChatView | None:
            for m in self._conversation()["messages"]:
                same = m.get("mid") == mid if mid else m.get("text") == original_text
                if same and m.get("deleted"):
                    return self.current_conversation()
            return None

        what = f"{original_text!r} unsent"
        return wait_until(deleted, self._events, timeout=timeout, what=what, settled=self._settled)

    def stored_message(self, mid: str) -> dict:
        return next(m for m in self._conversation()["messages"] if m.get("mid") == mid)

    def configured_positions(self) -> int:
        return configured_positions(self._session.fresh_http(), self._session.agent)

    def end_open_conversations(self) -> None:
        """Tidy up after a scenario on an app that outlives it: End what it opened, and what
        the queue hands the agent as positions free up (every open one not known at log-in;
        bounded: a queue longer than this many rounds is left for the next tidy-up)."""
        for _ in range(TIDY_ROUNDS):
            mine = [
                str(c["id"])
                for c in self._conversations()
                if c.get("status") == "open" and str(c["id"]) not in self._known
            ]
            if not mine:
                return
            for conversation_id in mine:
                self._http.post(f"/api/conversations/{conversation_id}/end", json={})

    def close(self) -> None:
        self._http.close()

    def _idle(self) -> bool:
        webhooks = self._http.get("/healthz").raise_for_status().json()["webhooks"]
        return webhooks["pending"] == 0 and webhooks["queued"] == 0

    def _me(self) -> dict[str, Any]:
        return self._http.get("/api/me").raise_for_status().json()

    def _conversations(self) -> list[dict[str, Any]]:
        return self._http.get("/api/conversations").raise_for_status().json()

    def _conversation(self) -> dict[str, Any]:
        if self._current is None:
            raise AssertionError("no conversation is open in the console")
        return self._http.get(f"/api/conversations/{self._current}").raise_for_status().json()
