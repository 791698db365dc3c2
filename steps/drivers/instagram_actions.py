"""What else the Instagram test user does in Direct, beyond the reviewer's script: photos and
files, shares, story replies, inline replies, reactions, quick replies and buttons.

``ApiDirectActions`` uses the simulator's control API (docs/architecture.md section 1.3);
``BrowserDirectActions`` clicks the simulated Instagram pages (section 1.5). Each action that
sends a message answers its ``mid``, which Meta's delivery log knows the webhook of.
"""

from __future__ import annotations

import base64
from typing import Any

from playwright.sync_api import Locator, Page, expect

from fixtures.http import SyncHttp
from fixtures.pacing import click, type_into
from simulator.contract import control as api
from simulator.contract.control_client import Control

# What a user may upload from the pages; Direct makes a photo, video, voice note or file of it.
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
UPLOADS: dict[str, dict[str, Any]] = {
    "image": {"name": "photo.png", "mimeType": "image/png", "buffer": PNG_1PX},
    "video": {"name": "clip.mp4", "mimeType": "video/mp4", "buffer": b"\x00\x00\x00\x18ftypmp42"},
    "audio": {"name": "voice.m4a", "mimeType": "audio/mp4", "buffer": b"\x00\x00\x00\x18ftypM4A "},
    "file": {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
}
MEDIA_KINDS = tuple(UPLOADS)
SHARE_KINDS = ("post", "reel")
BUTTON_PLACES = ("ice breaker", "persistent menu item", "Get Started button")


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")
    return value


class ApiDirectActions:
    """Mixed into ``ApiInstagramUser``: ``self._sim`` and ``self._igsid``, ``self._thread()``."""

    _sim: SyncHttp
    _igsid: str

    def _thread(self) -> dict[str, Any]: ...  # pragma: no cover

    def _act(self, endpoint: api.Endpoint, body: dict[str, Any], **path: str) -> dict[str, Any]:
        answer = Control(self._sim).call(endpoint, json=body, igsid=self._igsid, **path)
        if answer.status_code >= 400:
            raise AssertionError(
                f"Instagram refused {endpoint.summary!r}: HTTP {answer.status_code} {answer.text}"
            )
        return answer.json()

    def _mid_of(self, text: str) -> str:
        """The newest message of the thread that reads ``text`` (either side's)."""
        found = [
            m["mid"]
            for m in self._thread()["messages"]
            if m.get("text") == text and not m.get("is_deleted")
        ]
        if not found:
            raise AssertionError(f"no message {text!r} in the user's Direct thread")
        return found[-1]

    def follow_business(self) -> None:
        """The user follows the business: no webhook; Meta's profile read then says so."""
        Control(self._sim).follow(self._igsid)

    def send_media(self, kind: str) -> str:
        """A photo, video, voice note or file, sent from the phone app."""
        return self._act(api.SEND_MEDIA, {"kind": _check(kind, MEDIA_KINDS, "kind")})["mid"]

    def share(self, kind: str, title: str) -> str:
        """Share a post or reel titled ``title`` into Direct (``ig_post`` / ``ig_reel``): the
        business's own post of that title when it has one, as its profile grid offers."""
        body: dict[str, Any] = {"type": _check(kind, SHARE_KINDS, "a share"), "title": title}
        if kind == "post":
            posts = Control(self._sim).state().get("posts", [])
            ours = [p["media_id"] for p in posts if p["title"] == title]
            body = {"type": "post", "media_id": ours[0]} if ours else body
        return self._act(api.SHARE, body)["mid"]

    def reply_to_business_story(self, text: str) -> str:
        """Answer the business's newest story from its story viewer (``reply_to.story``)."""
        return self._act(api.STORY_REPLY, {"text": text})["mid"]

    def reply_inline(self, to_text: str, text: str) -> str:
        """Reply to the message ``to_text`` of the thread (``reply_to.mid``)."""
        return self._act(api.INLINE_REPLY, {"text": text}, mid=self._mid_of(to_text))["mid"]

    def unsend_mid(self, mid: str) -> None:
        """Unsend the user's message ``mid`` from the phone app (which Meta tells apps of)."""
        self._act(api.UNSEND, {"client": "app"}, mid=mid)

    def react(self, to_text: str, reaction: str) -> None:
        self._act(api.REACTION, {"reaction": reaction}, mid=self._mid_of(to_text))

    def unreact(self, to_text: str) -> None:
        self._act(api.REACTION, {"reaction": None}, mid=self._mid_of(to_text))

    def tap_quick_reply(self, title: str) -> str:
        """Tap the quick reply ``title`` the business offered: its title is sent as text."""
        offered = [
            q
            for m in self._thread()["messages"]
            if m["direction"] == "in"
            for q in m.get("quick_replies") or []
            if q.get("title") == title
        ]
        if not offered:
            raise AssertionError(f"the business offered no quick reply {title!r}")
        body = {"text": title, "quick_reply": offered[-1]["payload"], "client": "app"}
        return self._act(api.SEND_TEXT, body)["mid"]

    def tap_button(self, place: str, title: str, payload: str) -> None:
        """Tap an ice breaker, persistent menu item or Get Started: a ``postback``."""
        _check(place, BUTTON_PLACES, "place")
        self._act(api.POSTBACK, {"title": title, "payload": payload})


class BrowserDirectActions:
    """Mixed into ``BrowserInstagramUser``: ``self.page``, ``self._base``, ``self._business``."""

    page: Page
    _base: str
    _business: str

    def _own(self, text: str) -> Any: ...  # pragma: no cover

    def use_device(self, label: str) -> None: ...  # pragma: no cover

    def _bubbles(self, direction: str | None = None) -> Locator:
        selector = "[data-testid=dm-message]"
        if direction:
            selector += f'[data-direction="{direction}"]'
        return self.page.locator(selector)

    def _bubble_of(self, text: str) -> Locator:
        return (
            self._bubbles()
            .filter(has=self.page.get_by_test_id("dm-message-text").get_by_text(text, exact=True))
            .last
        )

    def _in_direct(self) -> None:
        if "/direct/t/" not in self.page.url:
            click(self.page.get_by_role("link", name="Messages"))
            expect(self.page.get_by_placeholder("Message...")).to_be_visible()

    def _newest_own_mid(self, before: int) -> str:
        """The mid of the user's message that appeared after ``before`` of theirs."""
        mine = self._bubbles("out")
        expect(mine).to_have_count(before + 1)
        return mine.last.get_attribute("data-mid") or ""

    def follow_business(self) -> None:
        """The Follow button on the business's profile (the user's home page)."""
        self.page.goto(f"{self._base}/{self._business}/" if self._business else f"{self._base}/")
        click(self.page.get_by_test_id("follow"))
        expect(self.page.get_by_test_id("follow")).to_have_text("Following")

    def send_media(self, kind: str) -> str:
        self._in_direct()
        before = self._bubbles("out").count()
        upload = UPLOADS[_check(kind, MEDIA_KINDS, "kind")]
        self.page.get_by_test_id("dm-file-input").set_input_files(upload)  # type: ignore[arg-type]
        return self._newest_own_mid(before)

    def share(self, kind: str, title: str) -> str:
        """A post of the business's grid (``title`` its caption); the pages offer no reels of
        others to share, so a reel is shared as the phone app does, through the control API."""
        _check(kind, SHARE_KINDS, "a share")
        self._in_direct()
        before = self._bubbles("out").count()
        if kind == "reel":
            self._control(api.SHARE, {"type": "reel", "title": title})
            self.page.reload()
        else:
            self.page.goto(f"{self._base}/{self._business}/")
            click(self.page.get_by_role("button", name=f"Send “{title}” to {self._business}"))
            self._in_direct()
        return self._newest_own_mid(before)

    def reply_to_business_story(self, text: str) -> str:
        self._in_direct()
        before = self._bubbles("out").count()
        self.page.goto(f"{self._base}/{self._business}/")
        click(self.page.get_by_test_id("business-story-ring"))
        type_into(self.page.get_by_label(f"Reply to {self._business}"), text)
        click(self.page.get_by_test_id("story-reply").get_by_role("button", name="Send"))
        click(self.page.get_by_test_id("story-reply-sent").get_by_role("link", name="View in chat"))
        return self._newest_own_mid(before)

    def reply_inline(self, to_text: str, text: str) -> str:
        self._in_direct()
        before = self._bubbles("out").count()
        target = self._bubble_of(to_text)
        target.hover()
        click(target.get_by_role("button", name="Reply"))
        expect(self.page.get_by_test_id("dm-replying")).to_be_visible()
        type_into(self.page.get_by_placeholder("Message..."), text)
        click(self.page.get_by_role("button", name="Send", exact=True))
        return self._newest_own_mid(before)

    def unsend_mid(self, mid: str) -> None:
        self._in_direct()
        self.use_device("Instagram app")  # Meta tells apps of unsends from the app only
        mine = self.page.locator(f'[data-testid=dm-message][data-mid="{mid}"]')
        mine.hover()
        click(mine.get_by_role("button", name="Unsend"))
        expect(mine).to_have_attribute("data-deleted", "true")

    def react(self, to_text: str, reaction: str) -> None:
        self._reaction_bar(to_text)
        bar = self._bubble_of(to_text)
        click(bar.get_by_role("button", name=f"React {reaction}", exact=True))
        expect(self._bubble_of(to_text)).to_have_attribute("data-reaction", reaction)

    def unreact(self, to_text: str) -> None:
        self._reaction_bar(to_text)
        click(self._bubble_of(to_text).get_by_role("button", name="Remove reaction"))
        expect(self._bubble_of(to_text)).to_have_attribute("data-reaction", "")

    def _reaction_bar(self, to_text: str) -> None:
        self._in_direct()
        target = self._bubble_of(to_text)
        target.hover()
        click(target.locator("summary[aria-label=React]"))

    def tap_quick_reply(self, title: str) -> str:
        self._in_direct()
        before = self._bubbles("out").count()
        chips = self.page.get_by_test_id("dm-quick-replies").last
        click(chips.get_by_role("button", name=title, exact=True))
        return self._newest_own_mid(before)

    def tap_button(self, place: str, title: str, payload: str) -> None:
        """The pages show ice breakers and Get Started at the thread's start, the menu under
        ☰ (``payload`` is the page's own, set by the business)."""
        _check(place, BUTTON_PLACES, "place")
        self.page.reload()  # the thread shows the business's current Messenger Profile
        if place == "persistent menu item":
            click(self.page.get_by_test_id("dm-menu").locator("summary"))
            button = self.page.get_by_role("menuitem", name=title, exact=True)
        elif place == "Get Started button":
            button = self.page.get_by_test_id("dm-get-started")
        else:
            button = self.page.get_by_test_id("dm-ice-breakers").get_by_role(
                "button", name=title, exact=True
            )
        with self.page.expect_response(lambda r: r.url.endswith("/postback")) as tapped:
            click(button)
        answer = tapped.value
        assert answer.ok, f"the tap was refused: HTTP {answer.status}"

    def _control(self, endpoint: api.Endpoint, body: dict[str, Any]) -> dict[str, Any]:
        """What the pages do not offer, done as the phone app does (the simulator's API)."""
        sim = self._base.removesuffix("/instagram")
        state = self.page.request.get(sim + api.STATE.path()).json()
        me = self.page.get_by_test_id("dm-thread").get_attribute("data-thread-id")
        igsid = next(u["igsid"] for u in state["users"] if u.get("thread_id") == me)
        answer = self.page.request.post(sim + endpoint.path(igsid=igsid), data=body)
        assert answer.ok, f"{endpoint.summary}: HTTP {answer.status} {answer.text()}"
        return answer.json()
