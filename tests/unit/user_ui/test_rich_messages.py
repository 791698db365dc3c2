"""What the business sends, as the test user sees it in Direct: photos, a heart, a shared post,
template cards, quick-reply chips, inline replies; chips and postback buttons can be tapped."""

from __future__ import annotations

import httpx
import pytest

from simulator.service import Simulator
from simulator.state.models import IgUser
from tests.unit.user_ui.conftest import elements

pytestmark = pytest.mark.anyio
JSON = {"Accept": "application/json"}
CARD = {
    "title": "Blue jacket",
    "subtitle": "In stock",
    "image_url": "https://shop.example/jacket.jpg",
    "buttons": [
        {"type": "web_url", "url": "https://shop.example/jacket", "title": "View"},
        {"type": "postback", "title": "Buy", "payload": "BUY_JACKET"},
    ],
}
REPLIES = [
    {"content_type": "text", "title": "Red", "payload": "COLOR_RED"},
    {"content_type": "text", "title": "Blue", "payload": "COLOR_BLUE"},
]


def _thread(user: IgUser) -> str:
    return f"/instagram/direct/t/{user.thread_id}/"


async def _page(client: httpx.AsyncClient, user: IgUser) -> str:
    page = await client.get(_thread(user))
    assert page.status_code == 200
    return page.text


async def test_each_kind_of_business_message_shows_as_instagram_shows_it(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    first = sim.send_text(tester, "Hi, do you have jackets?")
    photos = [
        {"type": "image", "payload": {"url": f"https://cdn.example/{i}.jpg"}} for i in range(3)
    ]
    sim.business_send(tester, text=None, attachments=photos)
    sim.business_send(tester, text=None, attachments=[{"type": "like_heart"}])
    sim.business_send(tester, text=None, attachments=[{"type": "share", "payload": {"id": "179"}}])
    template = {"type": "template", "payload": {"template_type": "generic", "elements": [CARD]}}
    sim.business_send(tester, text=None, attachments=[template])
    sim.business_send(tester, text="Yes! About your question:", reply_to=first.mid)
    sim.business_send(tester, text="Which colour?", quick_replies=REPLIES)
    html = await _page(logged_in, tester)
    images = [e["src"] for e in elements(html, "img", alt="Photo")]
    assert images == [p["payload"]["url"] for p in photos]
    assert elements(html, data_testid="dm-heart") and elements(html, data_testid="dm-share")
    assert elements(html, "a", href="https://shop.example/jacket")
    assert elements(html, "input", name="payload", value="BUY_JACKET")
    assert "Replied to you: Hi, do you have jackets?" in html
    chips = [e["value"] for e in elements(html, "input", name="payload") if "COLOR" in e["value"]]
    assert chips == ["COLOR_RED", "COLOR_BLUE"]
    previews = elements(html, data_testid="dm-preview")
    assert previews and "Which colour?" in html


async def test_tapping_a_quick_reply_sends_its_title_and_payload(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    sim.send_text(tester, "hi")
    sim.business_send(tester, text="Which colour?", quick_replies=REPLIES)
    tap = await logged_in.post(
        _thread(tester) + "quick_reply", data={"title": "Red", "payload": "COLOR_RED"}, headers=JSON
    )
    assert tap.status_code == 201 and 'data-direction="out"' in tap.json()["html"]
    sent = sim.thread(tester)[-1]
    assert (sent.text, sent.quick_reply_payload, sent.from_user) == ("Red", "COLOR_RED", True)
    event = [e for e in sim.events.after(0) if e.type == "thread.message"][-1]
    assert event.data["quick_reply_payload"] == "COLOR_RED"


async def test_a_postback_button_sends_a_postback_on_its_own_field(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    """Not subscribed (here: no subscription at all): the delivery log says why nothing went."""
    sim.send_text(tester, "hi")
    template = {"type": "template", "payload": {"template_type": "generic", "elements": [CARD]}}
    sim.business_send(tester, text=None, attachments=[template])
    tap = await logged_in.post(
        _thread(tester) + "postback", data={"title": "Buy", "payload": "BUY_JACKET"}, headers=JSON
    )
    assert tap.status_code == 201
    [logged] = [d for d in sim.deliveries.all() if '"postback":{' in d.body]
    assert logged.outcome == "not_delivered" and "no active webhook subscription" in logged.error
    assert '"postback":{"mid"' in logged.body and '"payload":"BUY_JACKET"' in logged.body


async def test_an_empty_tap_is_refused(logged_in: httpx.AsyncClient, tester: IgUser) -> None:
    tap = await logged_in.post(_thread(tester) + "quick_reply", data={"title": ""}, headers=JSON)
    assert tap.status_code == 400 and tap.json()["error"]
