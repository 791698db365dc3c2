"""The Direct thread: rendering, sending and unsending through the facade."""

from __future__ import annotations

import html

import httpx
import pytest

from simulator.service import Simulator
from simulator.state.models import IgUser
from tests.unit.user_ui.conftest import elements

pytestmark = pytest.mark.anyio
JSON = {"Accept": "application/json"}


def thread_url(user: IgUser) -> str:
    return f"/instagram/direct/t/{user.thread_id}/"


async def test_thread_requires_login(client: httpx.AsyncClient, tester: IgUser) -> None:
    response = await client.get(thread_url(tester))
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/instagram/accounts/login/?next=%2Finstagram%2Fdirect%2Ft%2F{tester.thread_id}%2F"
    )
    send = await client.post(thread_url(tester) + "send", data={"text": "hi"})
    assert send.status_code == 303
    assert send.headers["location"].startswith("/instagram/accounts/login/?next=")
    as_json = await client.post(thread_url(tester) + "send", data={"text": "hi"}, headers=JSON)
    assert as_json.status_code == 401


async def test_someone_elses_thread_is_a_404(logged_in: httpx.AsyncClient, sim: Simulator) -> None:
    other = sim.create_user(role="tester")
    assert (await logged_in.get(thread_url(other))).status_code == 404
    response = await logged_in.post(thread_url(other) + "send", data={"text": "x"})
    assert response.status_code == 404
    assert sim.thread(other) == []


async def test_inbox_opens_the_thread(logged_in: httpx.AsyncClient, tester: IgUser) -> None:
    response = await logged_in.get("/instagram/direct/inbox/")
    assert response.headers["location"] == thread_url(tester)


async def test_page_has_composer_and_live_stream(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    page = (await logged_in.get(thread_url(tester))).text
    assert elements(page, "input", name="text", placeholder="Message...")
    assert '<button type="submit" class="dm__send">Send</button>' in page
    section = elements(page, "section", data_testid="dm-thread")[0]
    assert section["data-events-url"] == thread_url(tester) + "events"
    assert section["data-last-seq"] == str(sim.events.last_seq)


async def test_sending_calls_the_facade_and_renders_an_out_bubble(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    response = await logged_in.post(thread_url(tester) + "send", data={"text": "Hello <there>"})
    assert response.status_code == 303
    assert response.headers["location"] == thread_url(tester)
    [sent] = sim.thread(tester)
    assert (sent.text, sent.from_user, sent.client) == ("Hello <there>", True, "web")
    sim.business_send(tester, text="Hi! How can we help?")
    page = (await logged_in.get(thread_url(tester))).text
    bubbles = elements(page, "div", data_testid="dm-message")
    assert [(b["data-direction"], b["data-deleted"]) for b in bubbles] == [
        ("out", "false"),
        ("in", "false"),
    ]
    assert bubbles[0]["data-mid"] == sent.mid
    assert "Hello &lt;there&gt;" in page
    assert "Hi! How can we help?" in page
    assert page.count(">Unsend</button>") == 1


async def test_sending_from_script_answers_json_with_the_bubble(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    response = await logged_in.post(thread_url(tester) + "send", data={"text": "hey"}, headers=JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["mid"] == sim.thread(tester)[0].mid
    assert elements(body["html"], "div", data_mid=body["mid"], data_direction="out")


@pytest.mark.parametrize(
    ("text", "needle"), [("   ", "Write a message"), ("x" * 1001, "at most 1000 characters")]
)
async def test_bad_text_is_a_400_with_a_visible_error(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator, text: str, needle: str
) -> None:
    response = await logged_in.post(thread_url(tester) + "send", data={"text": text})
    assert response.status_code == 400
    assert needle in response.text
    assert elements(response.text, "p", data_testid="dm-error")
    assert sim.thread(tester) == []
    as_json = await logged_in.post(thread_url(tester) + "send", data={"text": text}, headers=JSON)
    assert as_json.status_code == 400
    assert needle in as_json.json()["error"]


async def test_unsend_marks_the_message_deleted_from_the_web_client(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    keep = sim.send_text(tester, "keep me")
    gone = sim.send_text(tester, "oops")
    response = await logged_in.post(thread_url(tester) + "unsend", data={"mid": gone.mid})
    assert response.status_code == 303
    assert gone.is_deleted and not keep.is_deleted
    [event] = sim.events.after(0, types=("thread.unsend",))
    assert (event.data["mid"], event.data["client"]) == (gone.mid, "web")
    page = (await logged_in.get(thread_url(tester))).text
    assert elements(page, "div", data_mid=gone.mid, data_deleted="true")
    assert elements(page, "div", data_mid=keep.mid, data_deleted="false")
    assert "You unsent a message" in page
    assert "oops" not in page
    assert not elements(page, "input", name="mid", value=gone.mid)


async def test_unsend_from_script_answers_json(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    msg = sim.send_text(tester, "bye")
    response = await logged_in.post(
        thread_url(tester) + "unsend", data={"mid": msg.mid}, headers=JSON
    )
    assert response.status_code == 200
    assert elements(response.json()["html"], "div", data_mid=msg.mid, data_deleted="true")


async def test_unsend_refuses_unknown_foreign_and_repeated_mids(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    reply = sim.business_send(tester, text="from the business")
    mine = sim.send_text(tester, "mine")
    url = thread_url(tester) + "unsend"
    unknown = await logged_in.post(url, data={"mid": "aWdfZAnope"})
    assert unknown.status_code == 404
    assert "isn't in this chat" in html.unescape(unknown.text)
    assert (await logged_in.post(url, data={"mid": reply.mid})).status_code == 404
    assert (await logged_in.post(url, data={"mid": ""})).status_code == 404
    assert not reply.is_deleted
    assert (await logged_in.post(url, data={"mid": mine.mid})).status_code == 303
    again = await logged_in.post(url, data={"mid": mine.mid}, headers=JSON)
    assert again.status_code == 409
    assert "already unsent" in again.json()["error"]


async def test_story_mention_shows_as_a_card_with_the_image(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    story = sim.post_story(tester, "Loving it @company_page")
    page = (await logged_in.get(thread_url(tester))).text
    [bubble] = elements(page, "div", data_testid="dm-message")
    assert bubble["data-mid"] == story.mention_mid
    assert bubble["data-direction"] == "out"
    assert "Mentioned @company_page in your story" in page
    assert elements(page, "img", src=story.url)
