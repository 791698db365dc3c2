"""The API driver: the same steps over HTTP, in-process, no browser (fast)."""

from __future__ import annotations

from typing import Any

from fixtures.http import SyncHttp
from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    STATUS_BY_MENU_ITEM,
    STATUS_LABELS,
    ChatMessage,
    ChatView,
)
from steps.drivers.waiting import EventFeed, wait_until


def chat_view(conversation: dict[str, Any]) -> ChatView:
    """The console's JSON for a conversation, as the agent sees it."""
    messages = []
    for m in conversation.get("messages", []):
        story = next(
            (a.get("url") for a in m.get("attachments") or [] if a.get("type") == "story_mention"),
            None,
        )
        messages.append(
            ChatMessage(
                direction=m["direction"],
                text=m.get("display_text") or m.get("text") or "",
                mid=m.get("mid") or "",
                deleted=bool(m.get("deleted")),
                story_url=story,
            )
        )
    return ChatView(
        conversation_id=str(conversation["id"]),
        contact_name=conversation.get("contact_name") or "",
        kind=conversation.get("kind", "direct"),
        status=conversation.get("status", "open"),
        messages=tuple(messages),
    )


class ApiAgentConsole:
    """The contact center's JSON API, with the agent's session cookie."""

    def __init__(self, http: SyncHttp) -> None:
        self._http = http
        self._events = EventFeed(http, "/api/events")
        self._seen: set[str] = set()
        self._current: str | None = None

    def open(self) -> None:
        page = self._http.get("/", follow_redirects=True)
        if page.status_code != 200 or 'name="password"' not in page.text:
            raise AssertionError(
                f"the contact center's URL did not show a login page ({page.status_code})"
            )

    def log_in(self, login: str, password: str) -> None:
        answer = self._http.post("/login", data={"login": login, "password": password})
        if answer.status_code != 303:
            raise AssertionError(f"login refused: HTTP {answer.status_code}")
        console = self._http.get(answer.headers["location"])
        if console.status_code != 200:
            raise AssertionError(f"the application did not open: HTTP {console.status_code}")

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
            new_one, self._events, timeout=timeout, what=f"a new {kind} conversation"
        )
        self._seen.add(str(found["id"]))
        self._current = str(found["id"])
        return self.current_conversation()

    def current_conversation(self) -> ChatView:
        return chat_view(self._conversation())

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def shown() -> ChatView | None:
            view = self.current_conversation()
            return view if text in view.texts(direction) else None

        return wait_until(shown, self._events, timeout=timeout, what=f"the message {text!r}")

    def reply(self, text: str) -> None:
        answer = self._http.post(
            f"/api/conversations/{self._current}/messages", json={"text": text}
        )
        if answer.status_code != 201:
            raise AssertionError(
                f"the answer was not sent: HTTP {answer.status_code} {answer.text}"
            )

    def end_conversation(self) -> ChatView:
        answer = self._http.post(f"/api/conversations/{self._current}/end")
        if answer.status_code != 200:
            raise AssertionError(f"End failed: HTTP {answer.status_code} {answer.text}")
        return self.current_conversation()

    def notifications(self) -> list[str]:
        self._events.next_batch(0.05)
        # What the console turns into a browser notification: each conversation assigned.
        return [
            f"New Instagram conversation: {e['data']['conversation'].get('contact_name', '')}"
            for e in self._events.seen
            if e.get("type") == "conversation.created"
        ]

    def wait_for_deleted(
        self, original_text: str, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def deleted() -> ChatView | None:
            for m in self._conversation()["messages"]:
                if m.get("text") == original_text and m.get("deleted"):
                    return self.current_conversation()
            return None

        return wait_until(deleted, self._events, timeout=timeout, what=f"{original_text!r} unsent")

    def stored_message(self, mid: str) -> dict:
        return next(m for m in self._conversation()["messages"] if m.get("mid") == mid)

    def close(self) -> None:
        self._http.close()

    def _me(self) -> dict[str, Any]:
        return self._http.get("/api/me").raise_for_status().json()

    def _conversations(self) -> list[dict[str, Any]]:
        return self._http.get("/api/conversations").raise_for_status().json()

    def _conversation(self) -> dict[str, Any]:
        if self._current is None:
            raise AssertionError("no conversation is open in the console")
        return self._http.get(f"/api/conversations/{self._current}").raise_for_status().json()


class ApiInstagramUser:
    """The test user through the simulator: its web pages for login, its control API for actions."""

    def __init__(self, sim: SyncHttp, user: dict[str, Any]) -> None:
        self._sim = sim
        self._user = user
        self._events = EventFeed(sim, "/_sim/events")
        self._next: str | None = None
        self._business = ""

    @property
    def _igsid(self) -> str:
        return self._user["igsid"]

    def open_business_page(self, business_username: str) -> str:
        page = self._sim.get(f"/instagram/{business_username}/")
        if page.status_code != 200 or business_username not in page.text:
            raise AssertionError(f"the business page did not open: HTTP {page.status_code}")
        self._business = business_username
        return business_username

    def log_in(self, username: str, password: str) -> None:
        answer = self._sim.post(
            "/instagram/accounts/login/",
            params={"next": f"/instagram/{self._business}/"},
            data={"username": username, "password": password},
        )
        if answer.status_code != 303:
            raise AssertionError(f"Instagram login refused: HTTP {answer.status_code}")
        self._next = answer.headers["location"]

    def answer_save_login(self, choice: str) -> bool:
        if not self._next or "onetap" not in self._next:
            return False
        prompt = self._sim.get(self._next)
        return prompt.status_code == 200 and "Save your login information?" in prompt.text

    def open_direct(self) -> None:
        self._sim.get(f"/_sim/users/{self._igsid}/thread").raise_for_status()

    def send_message(self, text: str) -> str:
        answer = self._sim.post(
            f"/_sim/users/{self._igsid}/messages", json={"text": text, "client": "web"}
        )
        answer.raise_for_status()
        return answer.json()["mid"]

    def wait_for_reply(self, text: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        def shown() -> bool:
            return any(
                m["direction"] == "in" and m.get("text") == text for m in self._thread()["messages"]
            )

        wait_until(shown, self._events, timeout=timeout, what=f"the answer {text!r} in Direct")

    def post_story(self, text: str) -> str:
        answer = self._sim.post(
            f"/_sim/users/{self._igsid}/stories", json={"text": text, "client": "web"}
        )
        answer.raise_for_status()
        return answer.json()["story_id"]

    def unsend(self, text: str) -> str:
        mid = next(
            m["mid"]
            for m in self._thread()["messages"]
            if m["direction"] == "out" and m.get("text") == text and not m.get("is_deleted")
        )
        # The guide saw unsend events only from the phone app: the API driver is that app.
        answer = self._sim.post(
            f"/_sim/users/{self._igsid}/messages/{mid}/unsend", json={"client": "app"}
        )
        answer.raise_for_status()
        return mid

    def close(self) -> None:
        """Nothing to close: the simulator client belongs to the stack."""

    def _thread(self) -> dict[str, Any]:
        return self._sim.get(f"/_sim/users/{self._igsid}/thread").raise_for_status().json()
