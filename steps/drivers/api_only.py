"""The API-only driver, for apps with no agent console (bots): judged by Meta's side alone.

A conversation "appears" when the app acts on a user it had not acted on before: it reads
the user's profile (``GET /{igsid}``) or answers in the user's Direct thread. What the app
"shows" is what it took from Meta (deliveries it answered 2xx) and what it sent (the business's
messages in the thread). Logging in, the STATUS menu, replying by hand and End have no meaning
here: scenarios that need them are skipped (they lack the ``console`` capability).
"""

from __future__ import annotations

from typing import Any, ClassVar

from simulator.contract import control as api
from simulator.contract.control_client import Control
from simulator.contract.webhooks import is_unsend_of
from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    CapabilityMissing,
    ChatMessage,
    ChatView,
    ConsoleSession,
)
from steps.drivers.waiting import EventFeed, wait_for_text, wait_until

NO_CONSOLE = "this app has no agent console (console driver api-only)"


class ApiOnlyConsole:
    """Observes the app through the simulator's logs: Graph calls, deliveries, threads."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "console judged by Meta's side (api-only)"

    uses_browser: ClassVar[bool] = False
    capabilities: ClassVar[frozenset[str]] = frozenset({"conversations"})

    def __init__(self, session: ConsoleSession) -> None:
        self._sim = session.sim
        self._feed = EventFeed(session.sim, api.EVENTS.path())
        self._acted_on: set[str] = set()
        self._current: str | None = None

    # -- what a bot cannot do ------------------------------------------------------------------
    def _missing(self, what: str) -> CapabilityMissing:
        return CapabilityMissing(f"{what}: {NO_CONSOLE}")

    def open(self) -> None:
        raise self._missing("opening the console")

    def log_in(self, login: str, password: str) -> None:
        raise self._missing("logging in")

    def logged_in_agent(self) -> str:
        raise self._missing("the logged-in agent")

    def allow_notifications(self) -> str:
        raise self._missing("notifications")

    def choose_status(self, menu_item: str) -> None:
        raise self._missing("the STATUS menu")

    def status(self) -> str:
        raise self._missing("the agent's status")

    def reply(self, text: str) -> None:
        raise self._missing("an agent's answer")

    def end_conversation(self) -> ChatView:
        raise self._missing("End")

    def notifications(self) -> list[str]:
        return []

    # -- what Meta's side shows of the app -----------------------------------------------------
    def wait_for_new_conversation(
        self, *, kind: str = "direct", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        def new_user() -> str | None:
            for igsid in self._users_acted_on():
                if igsid not in self._acted_on and self._kind(igsid) == kind:
                    return igsid
            return None

        igsid = wait_until(
            new_user,
            self._feed,
            timeout=timeout,
            what=f"the app to act on a new {kind} (read the user's profile or answer)",
        )
        self._acted_on.add(igsid)
        self._current = igsid
        return self.current_conversation()

    def current_conversation(self) -> ChatView:
        if self._current is None:
            raise AssertionError("the app has acted on no conversation yet")
        igsid = self._current
        taken = self._taken_mids()
        messages = []
        for m in self._thread(igsid):
            story = next(
                (a["payload"]["url"] for a in m["attachments"] if a.get("type") == "story_mention"),
                None,
            )
            if m["direction"] == "out" and m["mid"] in taken:  # the user's, and the app took it
                messages.append(
                    ChatMessage("in", m.get("text") or "", m["mid"], m["is_deleted"], story)
                )
            elif m["direction"] == "in":  # the business's answer, in the user's thread
                messages.append(ChatMessage("out", m.get("text") or "", m["mid"]))
        return ChatView(igsid, "", self._kind(igsid), "open", tuple(messages))

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        return wait_for_text(self.current_conversation, self._feed, text, direction, timeout)

    def wait_for_deleted(
        self, original_text: str, *, mid: str = "", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """All a bot can show of an unsend: it took Meta's ``is_deleted`` webhook (2xx)."""

        def taken() -> ChatView | None:
            for delivery in Control(self._sim).deliveries():
                if delivery["outcome"] == "delivered" and is_unsend_of(delivery["body"], mid):
                    return self.current_conversation()
            return None

        return wait_until(taken, self._feed, timeout=timeout, what=f"the unsend of {mid}")

    def close(self) -> None:
        """The simulator client belongs to the stack."""

    # -- reading Meta's logs -------------------------------------------------------------------
    def _users_acted_on(self) -> list[str]:
        users = {u["igsid"] for u in Control(self._sim).state()["users"]}
        acted = []
        for call in Control(self._sim).graph_calls():
            node = call["path"].rstrip("/").rsplit("/", 1)[-1]
            if call["method"] == "GET" and node in users and call["status"] == 200:
                acted.append(node)
        for igsid in users:
            if any(m["direction"] == "in" for m in self._thread(igsid)):
                acted.append(igsid)
        return list(dict.fromkeys(acted))

    def _thread(self, igsid: str) -> list[dict[str, Any]]:
        return list(Control(self._sim).thread(igsid)["messages"])

    def _kind(self, igsid: str) -> str:
        for m in self._thread(igsid):
            if any(a.get("type") == "story_mention" for a in m["attachments"]):
                return "story_mention"
        return "direct"

    def _taken_mids(self) -> set[str]:
        deliveries = Control(self._sim).deliveries()
        return {mid for d in deliveries if d["outcome"] == "delivered" for mid in d["event_mids"]}
