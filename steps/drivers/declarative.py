"""The declarative console driver: a team's console described by Playwright locators in TOML
(``[console.locators]`` and ``[console.options]``, read by ``steps/drivers/locators.py``).
Left out, each locator keeps the markup the reference console publishes (docs/architecture.md
section 2); with ``conversation_key`` and ``message_key`` conversations and messages are told
apart by those attributes, else by marking those already seen."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import ClassVar

from playwright.sync_api import Locator, Page, expect

from fixtures.pacing import click, show_permission_prompt, type_into
from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    STATUS_BY_MENU_ITEM,
    STATUS_LABELS,
    ChatMessage,
    ChatView,
    ConsoleSession,
    SendRefused,
)
from steps.drivers.locators import (
    DEFAULT_OPTIONS,
    check_locators,
    check_options,
    locate,
)
from steps.drivers.page_tools import (
    forget_notifications,
    grant_notifications,
    ms,
    recorded_notifications,
)

SEEN_MARK = "data-harness-seen"
# where an element of the bubble shows its media from: a picture's, video's or audio's src,
# a link's href, as written in the markup (a copy at /media/1 stays a relative path)
MEDIA_SOURCES_JS = "els => els.map(e => e.getAttribute('src') || e.getAttribute('href') || '')"
# resolves at the next change inside the element, or after ``ms``: the wait is on the DOM
NEXT_CHANGE_JS = """(el, ms) => new Promise(done => {
  const seen = new MutationObserver(() => { seen.disconnect(); done(); });
  seen.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
  setTimeout(() => { seen.disconnect(); done(); }, ms);
})"""
CHANGE_POLL_S = 1.0
TIDY_ROUNDS = 12  # of ending what is open, as the queue hands the freed positions on
KEYS_JS = "(items, attribute) => items.map((item) => item.getAttribute(attribute) || '')"
DELETED_TEXT = "Message deleted"  # the guide's words for an unsent message (step 13)


def _reads_number(count: int) -> re.Pattern[str]:
    """A counter's text that reads just ``count`` (words around it, no other number)."""
    return re.compile(rf"^\D*\b{count}\b\D*$")


class DeclarativeConsole:
    """Drives any console through the locators of its ``harness.toml``."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return f"{type(self).__name__} (Playwright page)"

    uses_browser: ClassVar[bool] = True

    def __init__(self, session: ConsoleSession) -> None:
        assert session.page is not None, "the declarative driver needs a browser window"
        self.page: Page = session.page
        self._url = session.app_url
        self._memory = session.memory  # what earlier scenarios of this run left
        self._loc = check_locators(session.spec.locators)
        options = {**DEFAULT_OPTIONS, **check_options(session.spec.options)}
        self._conversation_key: str | None = options.get("conversation_key") or None
        self._message_key: str | None = options.get("message_key") or None
        self._labels = {**STATUS_LABELS, **options.get("status_labels", {})}
        self._outlives = session.outlives_scenario and bool(self._conversation_key)
        before = self._memory.seen_before.setdefault(self._url, set()) if self._outlives else set()
        self._seen: set[str] = set(before)
        self._known: set[str] = set(before)  # listed before this scenario: not new
        self._current: Locator | None = None
        self._current_id = ""

    # -- locating ----------------------------------------------------------------------------
    def _at(self, key: str, scope: Page | Locator | None = None, **fill: str) -> Locator:
        return locate(scope or self.page, self._loc[key], **fill)

    def _panel(self) -> Locator:
        return self._at("chat_panel").first

    def _bubbles(self, direction: str | None = None) -> Locator:
        panel = self._panel()
        if direction == "in":
            return self._at("incoming_message", panel)
        if direction == "out":
            return self._at("outgoing_message", panel)
        return self._at("incoming_message", panel).or_(self._at("outgoing_message", panel))

    # -- the reviewer's steps ------------------------------------------------------------------
    def open(self) -> None:
        self.page.context.clear_cookies()  # as someone not logged in (a lasting window was)
        self._memory.open_as.pop(self.page, None)
        self.page.goto(self._url)
        expect(self._at("password_field").first).to_be_visible()

    def fill_login(self, login: str, password: str) -> None:
        """Type the login and password, as the reviewer does before clicking ENTER."""
        type_into(self._at("login_field").first, login)
        type_into(self._at("password_field").first, password)

    def log_in(self, login: str, password: str) -> None:
        fields = (
            (self._at("login_field").first, login),
            (self._at("password_field").first, password),
        )
        if any(field.input_value() != value for field, value in fields):
            self.fill_login(login, password)  # not filled by the step before
        click(self._at("enter_button").first)
        try:
            expect(self._at("agent_name").first).to_be_visible()
        except AssertionError:
            said = " / ".join(t.strip() for t in self.page.get_by_role("alert").all_inner_texts())
            raise AssertionError(
                f"logging in as {login!r} did not show the agent's name ([console.locators] "
                f"agent_name) at {self.page.url}"
                + (f"; the page says: {said!r}" if said else "")
                + ". Check that [agent] login and password are the app's own, and the locator."
            ) from None
        self._console_loaded()
        if self._outlives:
            self._memory.sessions[(self._url, login)] = self.page.context.cookies()
            self._memory.open_as[self.page] = login

    def resume_session(self, login: str) -> bool:
        """Reopen the console logged in as ``login`` with this run's cookies, on an app that
        outlives its scenarios: for a scenario that starts logged in, not the reviewer's
        log-in step. False (nothing done) when there are none or the app no longer takes them."""
        cookies = self._memory.sessions.get((self._url, login)) if self._outlives else None
        if not cookies:
            return False
        if self._still_open_as(login):  # a lasting window: the console as an agent keeps it
            forget_notifications(self.page)
            self.mark_existing()
            return True
        self.page.context.add_cookies(cookies)
        self.page.goto(self._url)
        agent = self._at("agent_name").first
        expect(agent.or_(self._at("password_field").first).first).to_be_visible()
        if not agent.is_visible():
            self._memory.sessions.pop((self._url, login), None)
            return False
        self._console_loaded()
        self._memory.open_as[self.page] = login
        return True

    def _still_open_as(self, login: str) -> bool:
        """The window already shows this app's console, logged in as ``login`` by this run,
        with nothing an earlier scenario left on screen (a send error, an open STATUS menu):
        no reload needed (an agent keeps the console open all day, as Meta's reviewer does)."""
        if self._memory.open_as.get(self.page) != login or not self.page.url.startswith(self._url):
            return False
        leftovers = (self._at("send_error").first, self._at("status_item", item="Paused").first)
        return self._at("agent_name").first.is_visible() and not any(
            left.is_visible() for left in leftovers
        )

    def _console_loaded(self) -> None:
        # the console's scripts (menus, live updates) run before "load": clicks before it may
        # land on markup nothing listens to yet
        self.page.wait_for_load_state("load")
        self.mark_existing()

    def logged_in_agent(self) -> str:
        return self._at("agent_name").first.inner_text().strip()

    def allow_notifications(self) -> str:
        show_permission_prompt(self.page, self._url)  # drawn in a recorded run, then Allow
        return grant_notifications(self.page, self._url)

    def choose_status(self, menu_item: str) -> None:
        click(self._at("status_menu").first)
        click(self._at("status_item", item=menu_item).first)
        label = self._labels[STATUS_BY_MENU_ITEM[menu_item]]
        expect(self._at("status_label").first).to_have_text(label)

    def status(self) -> str:
        return self._at("status_label").first.inner_text().strip()

    def wait_for_new_conversation(
        self, *, kind: str = "direct", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        fresh = self._unseen_items()
        expect(fresh.first).to_be_visible(timeout=ms(timeout))
        key = self._key_of(fresh.first)
        self._seen.add(key)
        item = self._item(key)  # pinned: the list may re-render as more conversations arrive
        name = self._item_name(item)
        click(item)
        panel_name = self._at("chat_contact_name", self._panel()).first
        if name:
            expect(panel_name).to_have_text(name)
        else:
            expect(panel_name).to_be_visible()
        expect(self._bubbles().first).to_be_visible()  # opened by a message: it shows
        self._current_id = key
        if kind == "story_mention":
            expect(self._at("story_image", self._panel()).first).to_be_visible(timeout=ms(timeout))
        return self.current_conversation()

    def current_conversation(self) -> ChatView:
        panel = self._panel()
        if not panel.count() or not self._current_id:
            raise AssertionError("no conversation is open in the console")
        messages = [self._message(self._bubbles().nth(i)) for i in range(self._bubbles().count())]
        name = self._at("chat_contact_name", panel)
        story = self._at("story_image", panel)
        return ChatView(
            conversation_id=self._current_id,
            contact_name=name.first.inner_text().strip() if name.count() else "",
            kind="story_mention" if story.count() else "direct",
            status="ended" if self._at("ended_marker", panel).count() else "open",
            messages=tuple(messages),
        )

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        expect(self._bubbles(direction).filter(has_text=text).first).to_be_visible(
            timeout=ms(timeout)
        )
        return self.current_conversation()

    def wait_for_view(
        self, check: Callable[[ChatView], bool], *, what: str, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        deadline = time.monotonic() + timeout
        while True:
            view = self.current_conversation()
            if check(view):
                return view
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what}; shown: {view.messages}"
                )
            self._panel().evaluate(NEXT_CHANGE_JS, ms(min(remaining, CHANGE_POLL_S)))

    def reply(self, text: str) -> None:
        panel = self._panel()
        type_into(self._at("composer", panel).first, text)
        click(self._at("send_button", panel).first)
        sent = self._bubbles("out").filter(has_text=text).first
        refused = self._at("send_error").first
        expect(sent.or_(refused).first).to_be_visible()
        if refused.is_visible():
            raise SendRefused(refused.inner_text().strip())

    def wait_for_load(
        self, *, open_chats: int, waiting: int, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        """The counters' text (``open_chats_count``, ``queue_count``) reads just the number."""
        for key, count in (("open_chats_count", open_chats), ("queue_count", waiting)):
            counter = self._at(key).first
            try:
                expect(counter).to_have_text(_reads_number(count), timeout=ms(timeout))
            except AssertionError:
                shown = counter.inner_text() if counter.count() else "nothing"
                raise AssertionError(
                    f"[console.locators] {key} shows {shown!r}, not {count}"
                ) from None

    def end_conversation(self) -> ChatView:
        panel = self._panel()
        click(self._at("end_button", panel).first)
        ended = self._at("ended_marker", panel).first
        if self._conversation_key and not self._ended_or_handed_on(self._current_id):
            click(self._item(self._current_id))
        expect(ended).to_be_visible()
        return self.current_conversation()

    def _ended_or_handed_on(self, key: str) -> bool:
        """After End: whether the panel says it ended (True), or a queued conversation took
        the freed position and the panel at once (False)."""
        panel = self._panel()
        ended = self._at("ended_marker", panel).first
        mine = f'[{self._conversation_key}="{key}"]'
        elsewhere = panel.and_(self.page.locator(f"[{self._conversation_key}]:not({mine})"))
        expect(ended.or_(elsewhere).first).to_be_visible()
        return ended.is_visible()

    def notifications(self) -> list[str]:
        return recorded_notifications(self.page)

    def wait_for_deleted(
        self, original_text: str, *, mid: str = "", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        incoming = self._bubbles("in")
        if mid and self._message_key:
            incoming = incoming.and_(self.page.locator(f'[{self._message_key}="{mid}"]'))
        marked = incoming.filter(has=locate(self.page, self._loc["deleted_marker"]))
        expect(marked.first).to_be_visible(timeout=ms(timeout))
        expect(self._bubbles("in").filter(has_text=original_text)).to_have_count(0)
        return self.current_conversation()

    def close(self) -> None:
        """The page belongs to its browser context, closed by the fixture."""

    # -- reading the page ----------------------------------------------------------------------
    def _unseen_items(self) -> Locator:
        items = self._at("conversation_item")
        if self._conversation_key:
            attribute = self._conversation_key
            excluded = "".join(f':not([{attribute}="{k}"])' for k in sorted(self._seen))
            return items.and_(self.page.locator(f"[{attribute}]{excluded}"))
        return items.and_(self.page.locator(f":not([{SEEN_MARK}])"))

    def _item(self, key: str) -> Locator:
        """The conversation item ``key`` names, however the list is ordered by now."""
        attribute = self._conversation_key or SEEN_MARK
        return self._at("conversation_item").and_(self.page.locator(f'[{attribute}="{key}"]')).first

    def _key_of(self, item: Locator) -> str:
        if self._conversation_key:
            return item.get_attribute(self._conversation_key) or ""
        key = f"seen-{len(self._seen) + 1}"
        item.evaluate("(el, [mark, key]) => el.setAttribute(mark, key)", [SEEN_MARK, key])
        return key

    def _item_name(self, item: Locator) -> str:
        name = self._at("conversation_contact_name", item)
        return name.first.inner_text().strip() if name.count() else ""

    def mark_existing(self) -> None:
        """Conversations already listed are not new (an app that outlives one scenario)."""
        if self._conversation_key:
            keys = set(self._listed_keys())
        else:
            items = self._at("conversation_item")
            keys = {self._key_of(items.nth(i)) for i in range(items.count())}
        self._seen |= keys
        self._known |= keys
        self._remember()

    def _listed_keys(self) -> list[str]:
        assert self._conversation_key
        found = self._at("conversation_item").evaluate_all(KEYS_JS, self._conversation_key)
        return [key for key in found if key]

    def _remember(self) -> None:
        if self._outlives:
            self._memory.seen_before[self._url] |= self._known

    def end_open_conversations(self) -> None:
        """Tidy up after a scenario on an app that outlives it: End every conversation listed
        since the log-in, and those the queue hands on as positions free up (``queue_count``
        tells whether anyone still waits; bounded: a longer queue is left for the next one)."""
        if not self._conversation_key:
            return  # without ids, the harness cannot tell its conversations from others
        try:
            for _ in range(TIDY_ROUNDS):
                mine = sorted((self._seen | set(self._listed_keys())) - self._known)
                for key in mine:
                    self._end_if_open(key)
                self._known.update(mine)
                self._seen.update(mine)
                if mine:
                    continue  # each End may hand its position on to a waiting user: look again
                if not self._someone_waits():
                    return
                if self.status() != self._labels["operating"]:
                    self.choose_status("Return to operating")  # a paused agent gets no one
                # the freed position goes to the next user waiting: listed soon, or none left
                expect(self._unseen_items().first.or_(self._queue_reads(0)).first).to_be_visible()
        finally:
            self._remember()

    def _end_if_open(self, key: str) -> None:
        item = self._item(key)
        if not item.count():
            return
        click(item)
        end = self._at("end_button", self._panel())
        if end.count() and end.first.is_visible():
            click(end.first)
            self._ended_or_handed_on(key)

    def _queue_reads(self, count: int) -> Locator:
        return self._at("queue_count").first.filter(has_text=_reads_number(count))

    def _someone_waits(self) -> bool:
        counter = self._at("queue_count").first
        if not counter.count():
            return False
        digits = re.search(r"\d+", counter.inner_text())
        return bool(digits and int(digits.group()) > 0)

    def _message(self, bubble: Locator) -> ChatMessage:
        direction = "in" if bubble.and_(self._bubbles("in")).count() else "out"
        deleted = bool(bubble.locator(locate(self.page, self._loc["deleted_marker"])).count())
        text_at = self._at("message_text", bubble)
        text = (text_at.first if text_at.count() else bubble).inner_text().strip()
        story = self._at("story_image", bubble)
        reaction = self._at("message_reaction", bubble)
        quote = self._at("message_quote", bubble)
        return ChatMessage(
            direction=direction,
            text=DELETED_TEXT if deleted else text,
            mid=(bubble.get_attribute(self._message_key) or "") if self._message_key else "",
            deleted=deleted,
            story_url=story.first.get_attribute("src") if story.count() else None,
            media_urls=tuple(
                u for u in self._at("message_media", bubble).evaluate_all(MEDIA_SOURCES_JS) if u
            ),
            reaction=reaction.first.inner_text().strip() if reaction.count() else "",
            quote=quote.first.inner_text().strip() if quote.count() else "",
            unsupported=bool(self._at("unsupported_marker", bubble).count()),
        )
