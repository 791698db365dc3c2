"""The driver interfaces and the plain views they return to steps.

``AgentConsole`` is what the reviewer sees and does in the contact center, and nothing more:
any team's console can implement it (``--console-driver module:Class``, or the declarative
driver's locators). What only some drivers can do is an optional capability: a scenario that
needs one carries its tag (``CAPABILITY_TAGS``) and is skipped, with the reason, under a
driver that lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from fixtures.waits import WAIT_S
from steps.drivers.console_memory import ConsoleMemory

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from fixtures.http import SyncHttp
    from fixtures.sut import AgentAccount, ConsoleSpec

DEFAULT_TIMEOUT_S = WAIT_S  # HARNESS_WAIT_S (fixtures/waits.py)

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
    # what else the bubble shows (a console that shows less leaves them empty)
    media_urls: tuple[str, ...] = ()  # where its photo, video, voice note, file or share is from
    reaction: str = ""  # the emoji the user reacted with, shown on the message
    quote: str = ""  # the text of the message an inline reply answers, as quoted
    unsupported: bool = False  # marked as a kind the API does not carry (open Instagram)


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

    def __repr__(self) -> str:  # what reports print for a step given this chat
        last = f', last: "{self.messages[-1].text[:60]}"' if self.messages else ""
        return (
            f"chat with {self.contact_name} ({self.kind}, {self.status}, "
            f"{len(self.messages)} messages{last})"
        )


@dataclass
class ConsoleSession:
    """What a console driver is built with: ``DriverClass(session)``.

    ``page`` is the agent's browser window when the driver's ``uses_browser`` is true (None
    otherwise); ``http`` a client for the app's URL with its own cookie jar (``fresh_http()``
    makes another); ``sim`` Meta's side (the simulator's control API), for drivers that judge
    by what Meta saw; ``spec`` the ``[console]`` table (``locators``, ``options``);
    ``outlives_scenario`` is true when the app keeps running (and listing its conversations)
    from one scenario to the next; ``memory`` is what drivers keep from one scenario to the
    next, the test session's (``steps/drivers/console_memory.py``).
    """

    app_url: str
    agent: AgentAccount
    http: SyncHttp
    fresh_http: Callable[[], SyncHttp]
    sim: SyncHttp
    spec: ConsoleSpec
    business: dict[str, Any]
    page: Page | None = None
    outlives_scenario: bool = False
    memory: ConsoleMemory = field(default_factory=ConsoleMemory)  # the test session's


class SendRefused(AssertionError):
    """The console showed the agent that an answer was not sent; ``shown`` is what it says
    (``reply`` raises it: a console that shows a refusal must say why)."""

    def __init__(self, shown: str) -> None:
        super().__init__(f"the console refused the answer: {shown}")
        self.shown = shown


class CapabilityMissing(Exception):
    """A driver cannot do what a step asks; the message says what and why."""


class AgentConsole(Protocol):
    """The contact center as the agent (and the reviewer) uses it.

    Drivers set ``uses_browser`` (does ``ConsoleSession.page`` have to be a browser window?)
    and may list ``capabilities`` beyond ``"console"``.
    """

    uses_browser: ClassVar[bool]

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
        """Type an answer in the open conversation and send it; ``SendRefused`` with what the
        console shows when it says the answer was not sent."""

    def end_conversation(self) -> ChatView:
        """Step 10: click End."""

    def notifications(self) -> list[str]:
        """Titles and bodies of the notifications shown to the agent so far."""

    def wait_for_deleted(
        self, original_text: str, *, mid: str = "", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """Wait until the message that read ``original_text`` (Meta's ``mid``, when the console
        exposes mids) shows as unsent, in place of its text."""

    def close(self) -> None: ...


class WaitsForView(Protocol):
    """Optional: a driver that can wait on its console's own updates until the open chat passes
    a check (``steps/drivers/chat_waits.py`` re-checks on Meta's events for one that cannot)."""

    def wait_for_view(
        self, check: Callable[[ChatView], bool], *, what: str, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        """Wait until ``current_conversation()`` passes ``check``; ``what`` names it on timeout."""


class StoredRecords(Protocol):
    """Capability ``stored_records``: the contact center's own record of a message."""

    def stored_message(self, mid: str) -> dict:
        """``{"text", "deleted", ...}`` as the app stores it, to check nothing is lost."""


class GuideSetup(Protocol):
    """Capability ``guide_setup``: reads the agent's configured simultaneous positions."""

    def configured_positions(self) -> int: ...


class QueueView(Protocol):
    """Capability ``queue_view``: the console shows how many chats the agent holds open and
    how many conversations wait in the queue for a free position."""

    def wait_for_load(
        self, *, open_chats: int, waiting: int, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        """Wait until the console shows ``open_chats`` open chats and ``waiting`` waiting;
        raise saying what it shows instead."""


# scenario tag -> the capability it needs and the protocol that offers it
CAPABILITY_TAGS: dict[str, type] = {"stored_records": StoredRecords, "queue_view": QueueView}
CONSOLE = "console"  # every scenario that uses the console needs it, unless tagged no_console


def capabilities_of(driver: type) -> set[str]:
    """What a driver class offers: its declared ``capabilities`` (default: a console) plus
    every optional protocol it implements."""
    offered = set(getattr(driver, "capabilities", {CONSOLE}))
    offered |= {tag for tag, protocol in CAPABILITY_TAGS.items() if _implements(driver, protocol)}
    if _implements(driver, GuideSetup):
        offered.add("guide_setup")
    return offered


def _implements(driver: type, protocol: type) -> bool:
    names = [n for n in vars(protocol) if not n.startswith("_") and callable(vars(protocol)[n])]
    return all(callable(getattr(driver, n, None)) for n in names)


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
