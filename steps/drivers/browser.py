"""The browser driver: the reviewer's two windows (agent console, Instagram) in Chromium."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from steps.drivers.base import (
    DEFAULT_TIMEOUT_S,
    STATUS_BY_MENU_ITEM,
    STATUS_LABELS,
    ChatMessage,
    ChatView,
)

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

# Records every Notification the page shows, so a test can see the agent was notified.
NOTIFICATION_RECORDER = """(() => {
  const Original = window.Notification;
  if (!Original) return;
  window.__notifications = [];
  class Recorded extends Original {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({title, body: (options && options.body) || ''});
    }
  }
  Object.defineProperty(Recorded, 'permission', {get: () => Original.permission});
  Recorded.requestPermission = (...args) => Original.requestPermission(...args);
  window.Notification = Recorded;
})();"""


def _ms(seconds: float) -> float:
    return seconds * 1000


class BrowserAgentConsole:
    """The contact center's console, clicked through like the reviewer does."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self._base_url = base_url
        self._seen: list[str] = []

    def open(self) -> None:
        self.page.goto(self._base_url)
        expect(self.page.get_by_label("Password")).to_be_visible()

    def log_in(self, login: str, password: str) -> None:
        self.page.get_by_label("Login").fill(login)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="ENTER").click()
        expect(self.page.get_by_test_id("agent-name")).to_be_visible()

    def logged_in_agent(self) -> str:
        return self.page.get_by_test_id("agent-name").inner_text().strip()

    def allow_notifications(self) -> str:
        # Headless Chromium shows no prompt: granting the origin is what "Allow" does.
        self.page.context.grant_permissions(["notifications"], origin=self._base_url)
        expect(self.page.get_by_test_id("notifications-state")).to_contain_text(
            re.compile("allowed|granted|on", re.I)
        )
        return self.page.evaluate("Notification.permission")

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
        handle = self.page.wait_for_function(
            _NEW_ITEM, arg=[self._seen, kind], timeout=_ms(timeout)
        )
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
        expect(message.first).to_be_visible(timeout=_ms(timeout))
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
        shown = self.page.evaluate("window.__notifications || []")
        return [f"{n['title']}: {n['body']}" for n in shown]

    def wait_for_deleted(
        self, original_text: str, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> ChatView:
        mid = self._mid_of(original_text)
        deleted = self._panel().locator(f'[data-testid=message][data-mid="{mid}"]')
        expect(deleted).to_have_attribute("data-deleted", "true", timeout=_ms(timeout))
        return self.current_conversation()

    def stored_message(self, mid: str) -> dict:
        conversation_id = self.current_conversation().conversation_id
        answer = self.page.request.get(f"{self._base_url}/api/conversations/{conversation_id}")
        return next(m for m in answer.json()["messages"] if m.get("mid") == mid)

    def close(self) -> None:
        """The page belongs to its browser context, closed by the fixture."""

    def _panel(self) -> Any:
        return self.page.get_by_test_id("chat-panel")

    def _messages(self, direction: str) -> Any:
        return self._panel().locator(f'[data-testid=message][data-direction="{direction}"]')

    def _mid_of(self, text: str) -> str:
        stored = self.page.request.get(
            f"{self._base_url}/api/conversations/{self.current_conversation().conversation_id}"
        ).json()
        return next(m["mid"] for m in stored["messages"] if m.get("text") == text)


class BrowserInstagramUser:
    """The simulator's Instagram pages, as the test user uses them."""

    def __init__(self, page: Page, simulator_url: str) -> None:
        self.page = page
        self._base = f"{simulator_url}/instagram"
        self._business = ""

    def open_business_page(self, business_username: str) -> str:
        self._business = business_username
        self.page.goto(f"{self._base}/{business_username}/")
        heading = self.page.get_by_role("heading", name=business_username).first
        expect(heading).to_be_visible()
        return heading.inner_text().strip()

    def log_in(self, username: str, password: str) -> None:
        enter = self.page.get_by_role("link", name="Enter", exact=True).or_(
            self.page.get_by_role("button", name="Enter", exact=True)
        )
        enter.first.click()
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(re.compile(rf"/accounts/onetap/|/{re.escape(self._business)}/"))

    def answer_save_login(self, choice: str) -> bool:
        if "/accounts/onetap/" not in self.page.url:
            return False
        expect(
            self.page.get_by_role("heading", name="Save your login information?")
        ).to_be_visible()
        self.page.get_by_role("button", name=choice).click()
        self.page.wait_for_url(re.compile(r"^(?!.*/accounts/onetap/)"))
        return True

    def open_direct(self) -> None:
        send = self.page.get_by_role("link", name="Send Message").or_(
            self.page.get_by_role("button", name="Send Message")
        )
        send.first.click()
        expect(self.page.get_by_placeholder("Message...")).to_be_visible()

    def send_message(self, text: str) -> str:
        self.page.get_by_placeholder("Message...").fill(text)
        self.page.get_by_role("button", name="Send", exact=True).click()
        mine = self._own(text)
        expect(mine).to_have_attribute("data-mid", re.compile(r".+"))
        return mine.get_attribute("data-mid") or ""

    def wait_for_reply(self, text: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        if "/direct/t/" not in self.page.url:  # e.g. still looking at the story just posted
            self.page.get_by_role("link", name="Messages").click()
            expect(self.page.get_by_placeholder("Message...")).to_be_visible()
        answer = self.page.locator('[data-testid=dm-message][data-direction="in"]').filter(
            has_text=text
        )
        expect(answer.first).to_be_visible(timeout=_ms(timeout))

    def post_story(self, text: str) -> str:
        self.page.goto(f"{self._base}/{self._business}/")
        self.page.get_by_role("link", name="New story").or_(
            self.page.get_by_role("button", name="New story")
        ).first.click()
        self.page.get_by_label("Story text").fill(text)
        self.page.get_by_role("button", name="Share to your story").click()
        story = self.page.get_by_test_id("story")
        expect(story).to_be_visible()
        return story.get_attribute("data-story-id") or self.page.url

    def unsend(self, text: str) -> str:
        mine = self._own(text)
        mid = mine.get_attribute("data-mid") or ""
        mine.hover()
        mine.get_by_role("button", name="Unsend").click()
        gone = self.page.locator(
            f'[data-testid=dm-message][data-mid="{mid}"]:not([data-deleted="true"])'
        )
        expect(gone).to_have_count(0)
        return mid

    def close(self) -> None:
        """The page belongs to its browser context, closed by the fixture."""

    def _own(self, text: str) -> Any:
        return (
            self.page.locator('[data-testid=dm-message][data-direction="out"]')
            .filter(has_text=text)
            .first
        )
