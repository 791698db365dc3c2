"""Everything else the test user does on the pages: act from instagram.com or the phone app,
unsend (a webhook only from the app), reply inline, react, send a photo or file, read, share
one of the business's posts, reply to its story; each reaching the simulator as Meta's event."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from simulator.service import Simulator
from simulator.state.models import IgUser
from simulator.user_ui import direct
from tests.unit.user_ui.conftest import elements
from tests.unit.user_ui.test_direct import JSON, thread_url

pytestmark = pytest.mark.anyio


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 90)).save(out, format="PNG")
    return out.getvalue()


async def _use(client: httpx.AsyncClient, device: str) -> httpx.Response:
    return await client.post(
        "/instagram/settings/device/", data={"device": device, "next": "/instagram/direct/inbox/"}
    )


def _business_reply(sim: Simulator, user: IgUser, text: str = "How can we help?") -> str:
    sim.send_text(user, "hello", client="web")
    return sim.business_send(user, text=text).mid


async def test_actions_come_from_the_web_until_the_user_switches_to_the_app(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    page = (await logged_in.get(thread_url(tester))).text
    [pressed] = elements(page, "button", aria_pressed="true", name="device")
    assert pressed["value"] == "web"
    await logged_in.post(thread_url(tester) + "send", data={"text": "from the web"})
    switched = await _use(logged_in, "app")
    assert (switched.status_code, switched.headers["location"]) == (303, "/instagram/direct/inbox/")
    await logged_in.post(thread_url(tester) + "send", data={"text": "from the app"})
    assert [m.client for m in sim.thread(tester)] == ["web", "app"]
    page = (await logged_in.get(thread_url(tester))).text
    [pressed] = elements(page, "button", aria_pressed="true", name="device")
    assert pressed["value"] == "app"


async def test_a_bad_device_is_a_400_and_strangers_go_to_login(
    client: httpx.AsyncClient, logged_in: httpx.AsyncClient
) -> None:
    assert (await _use(logged_in, "fax")).status_code == 400
    logged_in.cookies.clear()
    stranger = await _use(client, "app")
    assert stranger.status_code == 303
    assert stranger.headers["location"].startswith("/instagram/accounts/login/")


@pytest.mark.meta_verified
async def test_an_unsend_on_the_web_reaches_no_app_and_says_so_one_on_the_app_does(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    """Integration guide: the unsend webhook came only from the phone app, never the website."""
    first = sim.send_text(tester, "one", client="web")
    second = sim.send_text(tester, "two", client="app")
    web = await logged_in.post(thread_url(tester) + "unsend", data={"mid": first.mid}, headers=JSON)
    assert web.json()["webhook"] is False
    assert "only from the Instagram app" in web.json()["notice"]
    await _use(logged_in, "app")
    unsend = thread_url(tester) + "unsend"
    app = await logged_in.post(unsend, data={"mid": second.mid}, headers=JSON)
    assert (app.json()["webhook"], app.json()["notice"]) == (True, "")
    unsends = [e.data for e in sim.events.after(0, types=("thread.unsend",))]
    assert [(u["client"], u["webhook"]) for u in unsends] == [("web", False), ("app", True)]


async def test_an_inline_reply_carries_the_message_it_answers(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    asked = _business_reply(sim, tester, "Which size?")
    answer = await logged_in.post(
        thread_url(tester) + "send", data={"text": "M please", "reply_to": asked}, headers=JSON
    )
    assert answer.status_code == 201
    assert sim.thread(tester)[-1].reply_to == asked
    [quote] = elements(answer.json()["html"], "div", data_testid="dm-quote")
    assert quote is not None
    lost = await logged_in.post(
        thread_url(tester) + "send", data={"text": "?", "reply_to": "nope"}, headers=JSON
    )
    assert lost.status_code == 404


@pytest.mark.meta_verified
async def test_reacting_shows_the_emoji_and_a_second_tap_takes_it_back(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    mid = _business_reply(sim, tester)
    react = thread_url(tester) + "react"
    liked = await logged_in.post(react, data={"mid": mid, "reaction": "wow"}, headers=JSON)
    badges = elements(liked.json()["html"], "span", data_testid="dm-reaction")
    assert [b["aria-label"] for b in badges] == ["You reacted \U0001f62e"]
    await logged_in.post(react, data={"mid": mid, "reaction": ""}, headers=JSON)
    assert sim.store.messages_by_mid[mid].reaction is None
    await logged_in.post(react, data={"mid": mid, "reaction": ""}, headers=JSON)  # a double tap
    assert sim.store.messages_by_mid[mid].reaction == "love"
    kinds = [e.data["reaction"] for e in sim.events.after(0, types=("thread.reaction",))]
    assert kinds == ["wow", None, "love"]


async def test_reactions_to_what_is_not_there_are_refused(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    mid = _business_reply(sim, tester)
    react = thread_url(tester) + "react"
    assert (await logged_in.post(react, data={"mid": "x", "reaction": "love"})).status_code == 404
    bad = await logged_in.post(react, data={"mid": mid, "reaction": "meh"}, headers=JSON)
    assert bad.status_code == 400 and "reaction must be one of" in bad.json()["error"]


@pytest.mark.meta_verified
async def test_an_uploaded_photo_is_served_by_the_cdn_as_uploaded(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    png = _png()
    sent = await logged_in.post(
        thread_url(tester) + "media", files={"file": ("label.png", png, "image/png")}, headers=JSON
    )
    assert sent.status_code == 201, sent.text
    [attachment] = sim.thread(tester)[-1].attachments
    assert attachment["type"] == "image"
    served = await logged_in.get(attachment["payload"]["url"].removeprefix(sim.config.public_url))
    assert (served.content, served.headers["content-type"]) == (png, "image/png")
    assert elements(sent.json()["html"], "img", alt="Photo")


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [("clip.mp4", "video/mp4", "video"), ("note.m4a", "audio/mp4", "audio"),
     ("invoice.pdf", "application/pdf", "file")],
)  # fmt: skip
async def test_videos_voice_notes_and_files_keep_their_kind(
    logged_in: httpx.AsyncClient,
    sim: Simulator,
    tester: IgUser,
    name: str,
    content_type: str,
    kind: str,
) -> None:
    sent = await logged_in.post(
        thread_url(tester) + "media", files={"file": (name, b"\0" * 64, content_type)}, headers=JSON
    )
    assert sent.status_code == 201, sent.text
    assert sim.thread(tester)[-1].attachments[0]["type"] == kind
    testid = {"video": "dm-video", "audio": "dm-audio", "file": "dm-file"}[kind]
    assert elements(sent.json()["html"], data_testid=testid)


async def test_uploads_that_instagram_would_refuse_get_a_reason(
    logged_in: httpx.AsyncClient, tester: IgUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = thread_url(tester) + "media"
    fake = await logged_in.post(
        url, files={"file": ("x.png", b"not a picture", "image/png")}, headers=JSON
    )
    assert (fake.status_code, fake.json()["error"]) == (
        400,
        "That file isn't a photo Instagram can show.",
    )
    nothing = {"file": ("e.pdf", b"", "application/pdf")}
    empty = await logged_in.post(url, files=nothing, headers=JSON)
    assert empty.status_code == 400
    monkeypatch.setattr(direct, "MAX_IMAGE_BYTES", 100)
    large = {"file": ("b.png", _png() * 4, "image/png")}
    big = await logged_in.post(url, files=large, headers=JSON)
    assert big.status_code == 413
    none = await logged_in.post(url, data={"x": "y"}, headers=JSON)
    assert none.status_code == 400


@pytest.mark.meta_verified
async def test_seeing_the_thread_reads_the_newest_business_message_once(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    seen = thread_url(tester) + "seen"
    assert (await logged_in.post(seen)).json() == {"mid": None, "webhook": False}
    mid = _business_reply(sim, tester)
    assert (await logged_in.post(seen)).json() == {"mid": mid, "webhook": True}
    assert (await logged_in.post(seen)).json() == {"mid": mid, "webhook": False}


async def test_the_profile_shows_the_business_posts_and_sending_one_shares_it(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    profile = (await logged_in.get(f"/instagram/{sim.business.username}/")).text
    tiles = elements(profile, "li", data_testid="business-post")
    assert [t["data-media-id"] for t in tiles] == sim.store.posts
    chosen = sim.store.posts[2]
    shared = await logged_in.post(thread_url(tester) + "share", data={"media_id": chosen})
    assert shared.status_code == 303
    [attachment] = sim.thread(tester)[-1].attachments
    assert attachment["type"] == "ig_post"
    assert attachment["payload"]["ig_post_media_id"] == chosen
    gone = await logged_in.post(thread_url(tester) + "share", data={"media_id": "1"}, headers=JSON)
    assert gone.status_code == 404


@pytest.mark.meta_verified
async def test_replying_to_the_business_story_from_the_viewer(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    [story] = sim.store.business_stories()
    profile = (await logged_in.get(f"/instagram/{sim.business.username}/")).text
    [ring] = elements(profile, "a", data_testid="business-story-ring")
    viewer = await logged_in.get(ring["href"])
    assert elements(viewer.text, "form", data_testid="story-reply")
    replied = await logged_in.post(ring["href"] + "reply", data={"text": "Still on sale?"})
    assert replied.status_code == 303 and replied.headers["location"].endswith("?sent=1")
    message = sim.thread(tester)[-1]
    assert message.text == "Still on sale?"
    assert message.story_reply == {"url": story.url, "id": story.id}
    after = await logged_in.get(replied.headers["location"])
    assert elements(after.text, data_testid="story-reply-sent")
    empty = await logged_in.post(ring["href"] + "reply", data={"text": " "})
    assert empty.status_code == 400 and elements(empty.text, data_testid="story-error")


async def test_another_users_story_stays_private(
    logged_in: httpx.AsyncClient, sim: Simulator
) -> None:
    other = sim.create_user(role="tester")
    story = sim.post_story(other, "mine only")
    url = f"/instagram/stories/{other.username}/{story.id}/"
    assert (await logged_in.get(url)).status_code == 404
    assert (await logged_in.post(url + "reply", data={"text": "hi"})).status_code == 404
