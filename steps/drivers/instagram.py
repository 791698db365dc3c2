"""The Instagram test user's side, the same for every system under test: the simulator's
control API (``ApiInstagramUser``, fast) or its web pages in Chromium (``BrowserInstagramUser``)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from fixtures.http import SyncHttp
from fixtures.pacing import click, type_into
from simulator.contract import control as api
from simulator.contract.control_client import Control
from steps.drivers.base import DEFAULT_TIMEOUT_S
from steps.drivers.instagram_actions import ApiDirectActions, BrowserDirectActions
from steps.drivers.page_tools import ms
from steps.drivers.waiting import EventFeed, wait_until


class ApiInstagramUser(ApiDirectActions):
    """The test user through the simulator: its web pages for login, its control API for actions."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "the Instagram user (API)"

    def __init__(self, sim: SyncHttp, user: dict[str, Any]) -> None:
        self._sim = sim
        self._user = user
        self._events = EventFeed(sim, api.EVENTS.path())
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
        Control(self._sim).thread(self._igsid)

    def send_message(self, text: str) -> str:
        return Control(self._sim).send_text(self._igsid, text, client="web")["mid"]

    def wait_for_reply(self, text: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        def shown() -> bool:
            return any(
                m["direction"] == "in" and m.get("text") == text for m in self._thread()["messages"]
            )

        wait_until(shown, self._events, timeout=timeout, what=f"the answer {text!r} in Direct")

    def post_story(self, text: str) -> str:
        return Control(self._sim).post_story(self._igsid, text, client="web")["story_id"]

    def unsend(self, text: str) -> str:
        mid = next(
            m["mid"]
            for m in self._thread()["messages"]
            if m["direction"] == "out" and m.get("text") == text and not m.get("is_deleted")
        )
        # The guide saw unsend events only from the phone app: the API driver is that app.
        Control(self._sim).unsend(self._igsid, mid, client="app")
        return mid

    def close(self) -> None:
        """Nothing to close: the simulator client belongs to the stack."""

    def _thread(self) -> dict[str, Any]:
        return Control(self._sim).thread(self._igsid)


class BrowserInstagramUser(BrowserDirectActions):
    """The simulator's Instagram pages, as the test user uses them."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "the Instagram user (browser)"

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
        click(enter.first)
        type_into(self.page.get_by_label("Username"), username)
        type_into(self.page.get_by_label("Password"), password)
        click(self.page.get_by_role("button", name="Log in"))
        self.page.wait_for_url(re.compile(rf"/accounts/onetap/|/{re.escape(self._business)}/"))

    def answer_save_login(self, choice: str) -> bool:
        if "/accounts/onetap/" not in self.page.url:
            return False
        expect(
            self.page.get_by_role("heading", name="Save your login information?")
        ).to_be_visible()
        click(self.page.get_by_role("button", name=choice))
        self.page.wait_for_url(re.compile(r"^(?!.*/accounts/onetap/)"))
        return True

    def open_direct(self) -> None:
        send = self.page.get_by_role("link", name="Send Message").or_(
            self.page.get_by_role("button", name="Send Message")
        )
        click(send.first)
        expect(self.page.get_by_placeholder("Message...")).to_be_visible()

    def send_message(self, text: str) -> str:
        type_into(self.page.get_by_placeholder("Message..."), text)
        click(self.page.get_by_role("button", name="Send", exact=True))
        mine = self._own(text)
        expect(mine).to_have_attribute("data-mid", re.compile(r".+"))
        return mine.get_attribute("data-mid") or ""

    def wait_for_reply(self, text: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        if "/direct/t/" not in self.page.url:  # e.g. still looking at the story just posted
            click(self.page.get_by_role("link", name="Messages"))
            expect(self.page.get_by_placeholder("Message...")).to_be_visible()
        answer = self.page.locator('[data-testid=dm-message][data-direction="in"]').filter(
            has_text=text
        )
        expect(answer.first).to_be_visible(timeout=ms(timeout))

    def post_story(self, text: str) -> str:
        self.page.goto(f"{self._base}/{self._business}/")
        click(
            self.page.get_by_role("link", name="New story")
            .or_(self.page.get_by_role("button", name="New story"))
            .first
        )
        type_into(self.page.get_by_label("Story text"), text)
        click(self.page.get_by_role("button", name="Share to your story"))
        story = self.page.get_by_test_id("story")
        expect(story).to_be_visible()
        return story.get_attribute("data-story-id") or self.page.url

    def unsend(self, text: str) -> str:
        # Step 13 is done on the phone app: Meta sends apps the unsend only from there (the
        # integration guide's observation, the simulator's default).
        self.use_device("Instagram app")
        mine = self._own(text)
        mid = mine.get_attribute("data-mid") or ""
        mine.hover()
        click(mine.get_by_role("button", name="Unsend"))
        gone = self.page.locator(
            f'[data-testid=dm-message][data-mid="{mid}"]:not([data-deleted="true"])'
        )
        expect(gone).to_have_count(0)
        return mid

    def use_device(self, label: str) -> None:
        """Act from ``label`` ("instagram.com" or "Instagram app"), as the nav switch offers."""
        switch = self.page.get_by_test_id("device-switch").get_by_role("button", name=label)
        if switch.get_attribute("aria-pressed") != "true":
            click(switch)
            expect(
                self.page.get_by_test_id("device-switch").get_by_role("button", name=label)
            ).to_have_attribute("aria-pressed", "true")

    def close(self) -> None:
        """The page belongs to its browser context, closed by the fixture."""

    def _own(self, text: str) -> Any:
        return (
            self.page.locator('[data-testid=dm-message][data-direction="out"]')
            .filter(has_text=text)
            .first
        )
