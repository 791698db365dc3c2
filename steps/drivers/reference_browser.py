"""The reference service's console in Chromium, clicked through as the reviewer does.

Its locators are the ones docs/architecture.md section 2 publishes for the reference console;
a team's console gets the same from the declarative driver's locator file instead.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from playwright.sync_api import Page, expect

from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    STATUS_BY_MENU_ITEM,
    STATUS_LABELS,
    ChatMessage,
    ChatView,
    ConsoleSession,
)
from steps.drivers.page_tools import grant_notifications, ms, recorded_notifications
from steps.drivers.reference import configured_positions

_READ_PANEL = """() => {
  const panel = document.querySelector('[data-testid=chat-panel]');
  if (!panel) return null;
  const id = panel.getAttribute('data-conversation-id');
  const item = document.querySelector(
    `[data-testid=conversation-item][data-conversation-id="${id}"]`);
  const name = panel.querySelector('[data-testid=chat-contact-name]');
  return {
    id, contact_name: name ? name.innerText.trim() : '',
    kind: item ? item.getAttribute('data-kind') : '',
    status: item ? item.getAttribute('data-status') : '',
    messages: [...panel.querySelectorAll('[data-testid=message]')].map(m => {
      const text = m.querySelector('[data-testid=message-text]');
      const story = m.querySelector('img[data-testid=story-image]');
      return {direction: m.getAttribute('data-direction'), mid: m.getAttribute('data-mid') || '',
              deleted: m.getAttribute('data-deleted') === 'true',
              text: text ? text.innerText.trim() : '', story_url: story ? story.src : null};
    }),
  };
}"""

_NEW_ITEM = """([seen, kind]) => {
  const items = [...document.querySelectorAll(
    `[data-testid=conversation-item][data-status=open][data-kind="${kind}"]`)];
  const fresh = items.find(i => !seen.includes(i.getAttribute('data-conversation-id')));
  return fresh ? fresh.getAttribute('data-conversation-id') : null;
}"""


class ReferenceBrowserConsole:
    """The reference service's console, clicked through like the reviewer does."""

    uses_browser: ClassVar[bool] = True

    def __init__(self, session: ConsoleSession) -> None:
        assert session.page is not None, "the reference browser console needs a page"
        self.page: Page = session.page
        self._session = session
        self._base_url = session.app_url.rstrip("/")
        self._seen: list[str] = []
        self._known: list[str] = []

    def open(self) -> None:
        self.page.goto(self._base_url)
        expect(self.page.get_by_label("Password")).to_be_visible()

    def log_in(self, login: str, password: str) -> None:
        self.page.get_by_label("Login").fill(login)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="ENTER").click()
        expect(self.page.get_by_test_id("agent-name")).to_be_visible()
        known = self.page.request.get(f"{self._base_url}/api/conversations").json()
        self._known = [str(c["id"]) for c in known]  # an app that outlives one scenario keeps
        self._seen.extend(self._known)  # its conversations: none of them is new

    def logged_in_agent(self) -> str:
        return self.page.get_by_test_id("agent-name").inner_text().strip()

    def allow_notifications(self) -> str:
        permission = grant_notifications(self.page, self._base_url)
        expect(self.page.get_by_test_id("notifications-state")).to_contain_text(
            re.compile("allowed|granted|on", re.I)
        )
        return permission

    def choose_status(self, menu_item: str) -> None:
        self.page.get_by_role("button", name="STATUS").click()
        self.page.get_by_role("menuitem", name=menu_item).click()
        label = STATUS_LABELS[STATUS_BY_MENU_ITEM[menu_item]]
        expect(self.page.get_by_test_id("agent-status")).to_have_text(label)

    def status(self) -> str:
        return self.page.get_by_test_id("agent-status").inner_text().strip()

    def wait_for_new_conversation(
        self, *, kind: str = "direct", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        handle = self.page.wait_for_function(_NEW_ITEM, arg=[self._seen, kind], timeout=ms(timeout))
        conversation_id = handle.json_value()
        self._seen.append(conversation_id)
        item = self.page.locator(
            f'[data-testid=conversation-item][data-conversation-id="{conversation_id}"]'
        )
        item.click()
        expect(self._panel()).to_have_attribute("data-conversation-id", conversation_id)
        return self.current_conversation()

    def current_conversation(self) -> ChatView:
        raw = self.page.evaluate(_READ_PANEL)
        if raw is None:
            raise AssertionError("no conversation is open in the console")
        return ChatView(
            conversation_id=raw["id"],
            contact_name=raw["contact_name"],
            kind=raw["kind"],
            status=raw["status"],
            messages=tuple(ChatMessage(**m) for m in raw["messages"]),
        )

    def wait_for_message(
        self, text: str, *, direction: str = "in", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        message = self._messages(direction).filter(has_text=text)
        expect(message.first).to_be_visible(timeout=ms(timeout))
        return self.current_conversation()

    def reply(self, text: str) -> None:
        self.page.get_by_placeholder("Type a message").fill(text)
        self.page.get_by_role("button", name="Send", exact=True).click()
        sent = self._messages("out").filter(has_text=text).first
        refused = self.page.locator("[data-testid=send-error]:visible")
        expect(sent.or_(refused).first).to_be_visible()
        if refused.count():
            raise AssertionError(f"the console refused the answer: {refused.inner_text()}")

    def end_conversation(self) -> ChatView:
        self._panel().get_by_role("button", name="End", exact=True).click()
        expect(self._panel().get_by_text("Conversation ended")).to_be_visible()
        return self.current_conversation()

    def notifications(self) -> list[str]:
        return recorded_notifications(self.page)

    def wait_for_deleted(
        self, original_text: str, *, mid: str = "", timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        which = f'[data-mid="{mid}"]' if mid else ""
        deleted = self._panel().locator(f'[data-testid=message]{which}[data-deleted="true"]')
        expect(deleted.first).to_be_visible(timeout=ms(timeout))
        expect(self._messages("in").filter(has_text=original_text)).to_have_count(0)
        return self.current_conversation()

    def stored_message(self, mid: str) -> dict:
        """The service's record (its JSON API, with the browser's own session)."""
        conversation_id = self.current_conversation().conversation_id
        answer = self.page.request.get(f"{self._base_url}/api/conversations/{conversation_id}")
        return next(m for m in answer.json()["messages"] if m.get("mid") == mid)

    def end_open_conversations(self) -> None:
        """Tidy up after a scenario on an app that outlives it: End what it opened."""
        for conversation_id in self._seen:
            if conversation_id not in self._known:
                self.page.request.post(f"{self._base_url}/api/conversations/{conversation_id}/end")

    def configured_positions(self) -> int:
        return configured_positions(self._session.fresh_http(), self._session.agent)

    def close(self) -> None:
        """The page belongs to its browser context, closed by the fixture."""

    def _panel(self) -> Any:
        return self.page.get_by_test_id("chat-panel")

    def _messages(self, direction: str) -> Any:
        return self._panel().locator(f'[data-testid=message][data-direction="{direction}"]')
