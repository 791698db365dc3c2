"""The Instagram user's pages in Chromium, at a desktop's 1280 px and a phone's 390 px: nothing
overflows, the thread has the screen, and what people do with a mouse or a thumb (double tap,
long press, choosing a photo, two tabs open) works as it does on Instagram."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from fixtures.servers import bind_loopback, served
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator
from simulator.state.models import IgUser

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REVIEW = {"width": 960, "height": 940}  # a review window: half of the 1920x1080 screencast


@dataclass
class Served:
    sim: Simulator
    url: str
    user: IgUser

    def page(self, browser: Browser, viewport: dict[str, int], **options: object) -> Page:
        context = browser.new_context(viewport=viewport, **options)
        page = context.new_page()
        log_in(page, self)
        return page


def log_in(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/instagram/accounts/login/")
    page.get_by_label("Username").fill(served.user.username)
    page.get_by_label("Password").fill(served.user.password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Not now").click()
    expect(page.get_by_test_id("nav-username")).to_be_visible()


@pytest.fixture
def world() -> Iterator[Served]:
    """The simulator served on 127.0.0.1 (ask for it before ``browser``: the browser then
    closes first, and no page keeps a live stream open while the server stops)."""
    sock = bind_loopback()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = create_app(SimulatorConfig(seed=7, public_url=url))
    sim: Simulator = app.state.sim
    user = sim.create_user(role="tester")
    with served(app, sock, name="simulator") as base:
        yield Served(sim, base, user)


def rich_thread(sim: Simulator, user: IgUser) -> None:
    """A thread with every kind of bubble the pages draw."""
    first = sim.send_text(user, "Hi! Is my order #1042 on its way? 📦", client="web")
    reply = sim.business_send(
        user,
        text="Yes, it ships today. Want the tracking link?",
        quick_replies=[{"content_type": "text", "title": "Yes please", "payload": "Y"}],
    )
    sim.react(user, reply.mid, "love")
    sim.reply_inline(user, first.mid, "Also: can I change the address?")
    for kind in ("image", "video", "audio", "file"):
        sim.send_media(user, kind, caption="label")
    sim.share_post(user, media_id=sim.store.posts[0])
    sim.share_reel(user, title="Unboxing")
    sim.reply_to_story(user, sim.store.business_stories()[0].id, "Love this!")


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, "a horizontal scroll"
    nav_right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.topnav__inner > *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert nav_right <= width, f"the navigation runs {nav_right - width:.0f} px off the screen"


@pytest.mark.parametrize("viewport", [DESKTOP, REVIEW, PHONE], ids=["1280px", "960px", "390px"])
def test_every_page_fits_the_screen(
    world: Served, browser: Browser, viewport: dict[str, int], tmp_path: Path
) -> None:
    rich_thread(world.sim, world.user)
    phone = viewport is PHONE
    page = world.page(browser, viewport, is_mobile=phone, has_touch=phone)
    width = viewport["width"]
    page.goto(f"{world.url}/instagram/{world.sim.business.username}/")
    _fits(page, width)
    page.screenshot(path=str(tmp_path / "profile.png"))
    page.goto(f"{world.url}/instagram/direct/inbox/")
    expect(page.get_by_test_id("dm-live")).to_have_attribute("data-state", "open")
    _fits(page, width)
    thread = page.get_by_test_id("dm-thread").bounding_box()
    assert thread is not None
    if phone:  # the thread takes the whole screen, as in the app
        assert thread["width"] >= width - 2, f"Direct is {thread['width']} px wide"
    else:
        assert thread["width"] >= 560
    composer = page.get_by_placeholder("Message...").bounding_box()
    assert composer is not None and composer["y"] + composer["height"] <= viewport["height"]
    for testid in ("dm-video", "dm-audio", "dm-file", "dm-share", "dm-story-reply", "dm-reaction"):
        expect(page.get_by_test_id(testid).first).to_be_attached()
    page.screenshot(path=str(tmp_path / "direct.png"))
    page.get_by_test_id("dm-message").first.scroll_into_view_if_needed()
    story = world.sim.store.business_stories()[0]
    page.goto(f"{world.url}/instagram/stories/{world.sim.business.username}/{story.id}/")
    _fits(page, width)
    expect(page.get_by_label(f"Reply to {world.sim.business.username}")).to_be_in_viewport()


def test_two_tabs_of_one_user_stay_in_sync(world: Served, browser: Browser) -> None:
    first = world.page(browser, DESKTOP)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"{world.url}/instagram/direct/inbox/")
        expect(page.get_by_test_id("dm-live")).to_have_attribute("data-state", "open")
    first.get_by_placeholder("Message...").fill("sent from tab one")
    first.get_by_role("button", name="Send", exact=True).click()
    in_second = second.locator("[data-testid=dm-message]").filter(has_text="sent from tab one")
    expect(in_second).to_be_visible()
    world.sim.business_send(world.user, text="Thanks!")
    incoming = '[data-testid=dm-message][data-direction="in"]'
    answer = second.locator(incoming).filter(has_text="Thanks!")
    answer.locator(".msg__bubble").dblclick()  # a heart, in tab two
    heart = first.locator(incoming).filter(has_text="Thanks!")
    expect(heart).to_have_attribute("data-reaction", "love")
    expect(heart.get_by_test_id("dm-reaction")).to_be_visible()
    mine = first.locator('[data-testid=dm-message][data-direction="out"]').first
    mine.hover()
    mine.get_by_role("button", name="Unsend").click()
    expect(second.locator('[data-testid=dm-message][data-deleted="true"]')).to_have_count(1)


def _long_press(context: BrowserContext, page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    point = {"x": box["x"] + 12, "y": box["y"] + 12}
    cdp = context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    page.wait_for_function("document.querySelector('.msg--menu') !== null")
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_long_press_on_a_phone_opens_the_message_actions(world: Served, browser: Browser) -> None:
    world.sim.send_text(world.user, "press me", client="app")
    page = world.page(browser, PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{world.url}/instagram/direct/inbox/")
    unsend = page.get_by_role("button", name="Unsend")
    expect(unsend).to_be_hidden()  # no hover on a phone: the actions wait for a long press
    _long_press(page.context, page, '[data-testid=dm-message][data-direction="out"] .msg__bubble')
    expect(unsend).to_be_visible()
    page.get_by_label("React", exact=True).click()
    page.get_by_role("button", name="React laugh").click()
    mine = page.locator('[data-testid=dm-message][data-direction="out"]')
    expect(mine).to_have_attribute("data-reaction", "laugh")


def test_choosing_a_photo_sends_it_and_the_cdn_serves_it(world: Served, browser: Browser) -> None:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 160, 90)).save(out, format="PNG")
    page = world.page(browser, DESKTOP)
    page.goto(f"{world.url}/instagram/direct/inbox/")
    page.get_by_label("Send a photo or file").set_input_files(
        {"name": "receipt.png", "mimeType": "image/png", "buffer": out.getvalue()}
    )
    photo = page.get_by_test_id("dm-images").locator("img").first
    expect(photo).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth === 120"
    page.wait_for_function(loaded, arg=photo.element_handle())
    assert world.sim.thread(world.user)[-1].attachments[0]["type"] == "image"


def test_an_open_thread_reads_the_business_message(world: Served, browser: Browser) -> None:
    world.sim.send_text(world.user, "hello", client="web")
    reply = world.sim.business_send(world.user, text="Hi there")
    page = world.page(browser, DESKTOP)
    with page.expect_response(lambda r: r.url.endswith("/seen")) as seen:
        page.goto(f"{world.url}/instagram/direct/inbox/")
    assert seen.value.json() == {"mid": reply.mid, "webhook": True}


def test_replying_inline_from_the_message_actions(world: Served, browser: Browser) -> None:
    world.sim.send_text(world.user, "hello", client="web")
    world.sim.business_send(world.user, text="Which size?")
    page = world.page(browser, DESKTOP)
    page.goto(f"{world.url}/instagram/direct/inbox/")
    asked = page.locator('[data-testid=dm-message][data-direction="in"]').first
    asked.hover()
    asked.get_by_role("button", name="Reply").click()
    expect(page.get_by_test_id("dm-replying")).to_contain_text("Which size?")
    page.get_by_placeholder("Message...").fill("M")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_test_id("dm-quote")).to_contain_text("Which size?")
    expect(page.get_by_test_id("dm-replying")).to_be_hidden()
