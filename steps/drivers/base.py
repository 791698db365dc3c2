"""The two driver interfaces and the plain views they return to steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

DEFAULT_TIMEOUT_S = 10.0

# The STATUS menu's items and the status each one gives (app-review-scenario.md, step 5).
STATUS_BY_MENU_ITEM = {"Return to operating": "operating", "Ready": "ready", "Paused": "paused"}
STATUS_LABELS = {"operating": "Operating", "ready": "Ready", "paused": "Paused"}


@dataclass(frozen=True)
class ChatMessage:
    """One message as the agent sees it."""

    direction: str  # "in" (from the Instagram user) or "out" (from the agent)
    text: str  # what the console shows ("Message deleted" once unsent and shown so)
    mid: str = ""
    deleted: bool = False
    story_url: str | None = None


@dataclass(frozen=True)
class ChatView:
    """A conversation as the agent sees it."""

    conversation_id: str
    contact_name: str
    kind: str  # "direct" or "story_mention"
    status: str  # "open" or "ended"
    messages: tuple[ChatMessage, ...] = field(default_factory=tuple)

    def texts(self, direction: str | None = None) -> list[str]:
        return [m.text for m in self.messages if direction in (None, m.direction)]


class AgentConsole(Protocol):
    """The contact center as the agent (and the reviewer) uses it."""

    def open(self) -> None:
        """Step 1: open the contact center's URL; the login page shows."""

    def log_in(self, login: str, password: str) -> None:
        """Steps 2-3: fill in login and password and click ENTER."""

    def logged_in_agent(self) -> str:
        """The name of the agent the application shows as logged in."""

    def allow_notifications(self) -> str:
        """Step 4: answer the browser's notification prompt with Allow; returns the permission."""

    def choose_status(self, menu_item: str) -> None:
        """Step 5: pick an item of the STATUS menu at the top left."""

    def status(self) -> str:
        """The status label shown for the agent (Operating, Ready, Paused)."""

    def wait_for_new_conversation(
        self, *, kind: str = "direct", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """Wait until a conversation not seen before is assigned to the agent; open it."""

    def current_conversation(self) -> ChatView:
        """The conversation open in the chat panel, as shown now."""

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """Wait until the open conversation shows ``text``."""

    def reply(self, text: str) -> None:
        """Type an answer in the open conversation and send it."""

    def end_conversation(self) -> ChatView:
        """Step 10: click End."""

    def notifications(self) -> list[str]:
        """Titles and bodies of the notifications shown to the agent so far."""

    def wait_for_deleted(
        self, original_text: str, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """Wait until the message that read ``original_text`` shows as unsent."""

    def stored_message(self, mid: str) -> dict:
        """The contact center's own record of a message (its JSON API), to check nothing is lost."""

    def close(self) -> None: ...


class InstagramUser(Protocol):
    """The Instagram test user's side (the reviewer's second window)."""

    def open_business_page(self, business_username: str) -> str:
        """Step 6: open the business's Instagram page; returns the page title shown."""

    def log_in(self, username: str, password: str) -> None:
        """Step 6: log in as the test user."""

    def answer_save_login(self, choice: str) -> bool:
        """Step 7: answer "Save your login information?"; False if it was not asked."""

    def open_direct(self) -> None:
        """Step 8: click Send Message to open Direct with the business."""

    def send_message(self, text: str) -> str:
        """Step 8: send a Direct message; returns its mid."""

    def wait_for_reply(self, text: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        """Wait until the business's answer ``text`` shows in the Direct thread."""

    def post_story(self, text: str) -> str:
        """Step 11: publish a story with ``text`` (mentioning the business); returns its id."""

    def unsend(self, text: str) -> str:
        """Step 13: unsend the user's own message ``text``; returns its mid."""

    def close(self) -> None: ...
