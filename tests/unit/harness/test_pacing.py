"""A recorded run acts at a person's pace (issue 10: "visible typing, the pointer moving to
what it clicks, a short pause before each click"); an unrecorded one stays as fast as ever."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from fixtures.pacing import (
    CURSOR_SCRIPT,
    MOVE_STEPS,
    PAUSE_MS,
    TYPE_DELAY_MS,
    click,
    pace,
    show_permission_prompt,
    type_into,
)

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><meta charset=utf-8>
<input id=box aria-label=Message style="position:absolute;left:40px;top:40px">
<button id=go style="position:absolute;left:600px;top:400px">Send</button>
<script>
window.seen = [];
for (const kind of ["mousemove", "mousedown", "click", "input"]) {
  addEventListener(kind, (e) => seen.push([kind, performance.now()]), true);
}
</script>"""


def _page(browser: Browser, paced: bool) -> Page:
    context = browser.new_context(viewport={"width": 960, "height": 600})
    if paced:
        context.add_init_script(CURSOR_SCRIPT)
    page = context.new_page()
    page.route(
        "http://pacing.test/", lambda route: route.fulfill(body=PAGE, content_type="text/html")
    )
    page.goto("http://pacing.test/")  # a navigation: init scripts run in the new document
    if paced:
        pace(page)
    return page


def _events(page: Page, kind: str) -> list[float]:
    return [t for k, t in page.evaluate("window.seen") if k == kind]


def test_a_paced_page_types_key_by_key_and_travels_to_what_it_clicks(browser: Browser) -> None:
    page = _page(browser, paced=True)
    type_into(page.get_by_label("Message"), "Hello there")
    inputs = _events(page, "input")
    assert len(inputs) == len("Hello there")  # one per key, as a person types
    assert inputs[-1] - inputs[0] >= 0.8 * TYPE_DELAY_MS * (len(inputs) - 1)
    moved_before = len(_events(page, "mousemove"))
    click(page.get_by_role("button", name="Send"))
    moves = _events(page, "mousemove")[moved_before:]
    [clicked] = _events(page, "click")[-1:]
    assert len(moves) >= MOVE_STEPS  # the pointer travels, it does not jump
    travelled = moves[MOVE_STEPS - 1]  # (Playwright's click adds one more move, at the click)
    assert clicked - travelled >= 0.8 * PAUSE_MS  # it rests on the button before clicking
    pointer = page.locator("#__harness_pointer").bounding_box()
    button = page.get_by_role("button", name="Send").bounding_box()
    assert pointer and button
    assert button["x"] <= pointer["x"] <= button["x"] + button["width"]  # drawn where it is
    assert page.get_by_label("Message").input_value() == "Hello there"
    page.context.close()


def test_an_unrecorded_page_fills_and_clicks_at_once(browser: Browser) -> None:
    page = _page(browser, paced=False)
    type_into(page.get_by_label("Message"), "Hello there")
    click(page.get_by_role("button", name="Send"))
    assert len(_events(page, "input")) == 1
    assert page.locator("#__harness_pointer").count() == 0
    page.context.close()


def test_a_recorded_run_shows_the_notification_prompt_and_clicks_allow(browser: Browser) -> None:
    """Step 4 of the reviewer's script: headless Chromium shows no prompt to record."""
    page = _page(browser, paced=True)
    page.evaluate(
        """() => new MutationObserver(() => {
             const box = document.getElementById("__harness_prompt");
             if (box) window.promptText = box.innerText;
           }).observe(document.documentElement, {childList: true})"""
    )
    show_permission_prompt(page, "http://127.0.0.1:8000/")
    assert "127.0.0.1:8000 wants to" in page.evaluate("window.promptText")
    assert "Show notifications" in page.evaluate("window.promptText")
    assert page.locator("#__harness_prompt").count() == 0  # Allow was clicked: it is gone
    assert len(_events(page, "mousemove")) >= MOVE_STEPS  # the pointer went there to click
    page.context.close()
    quiet = _page(browser, paced=False)
    show_permission_prompt(quiet, "http://127.0.0.1:8000/")
    assert _events(quiet, "mousemove") == [] and quiet.locator("#__harness_prompt").count() == 0
    quiet.context.close()
