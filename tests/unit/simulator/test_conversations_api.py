"""The Conversations API and message nodes [IGCONV][STORY]: what an app reads back."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.backend.fields import parse
from simulator.config import SimulatorConfig
from simulator.errors import InvalidParameter
from tests.unit.simulator.conftest import Stack

pytestmark = pytest.mark.anyio
V = "/graph/v25.0"


@pytest.fixture
def config() -> SimulatorConfig:
    """These tests read shapes, several calls at one instant of a stopped clock; Meta's
    2 calls/s has its own test (test_rate_limits.py)."""
    return SimulatorConfig(seed=7, conversations_rate_per_s=1000)


async def _get(stack: Stack, path: str, **params: Any) -> Any:
    response = await stack.client.get(V + path, params=params, headers=stack.bearer())
    return response


async def test_conversations_are_listed_newest_first_and_found_by_user(stack: Stack) -> None:
    ana, bo = stack.sim.create_user(), stack.sim.create_user()
    stack.sim.send_text(ana, "first")
    stack.sim.clock.advance(60)
    stack.sim.send_text(bo, "second")
    listed = (await _get(stack, "/me/conversations", platform="instagram")).json()
    assert [set(c) for c in listed["data"]] == [{"id", "updated_time"}] * 2
    ids = [c["id"] for c in listed["data"]]
    assert all(i.startswith("aWdfZ") for i in ids) and len(set(ids)) == 2
    one = (await _get(stack, "/me/conversations", platform="instagram", user_id=ana.igsid)).json()
    assert one["data"] == [{"id": ids[1]}]  # ana's is the older one
    assert listed["data"][0]["updated_time"].endswith("+0000")


async def test_the_platform_parameter_is_required(stack: Stack) -> None:
    response = await _get(stack, "/me/conversations")
    assert response.status_code == 400 and response.json()["error"]["code"] == 100


async def test_paging_follows_the_cursors(stack: Stack) -> None:
    for _ in range(3):
        stack.sim.send_text(stack.sim.create_user(), "hello")
    first = (await _get(stack, "/me/conversations", platform="instagram", limit=2)).json()
    assert len(first["data"]) == 2 and "next" in first["paging"]
    after = first["paging"]["cursors"]["after"]
    rest = await _get(stack, "/me/conversations", platform="instagram", limit=2, after=after)
    body = rest.json()
    assert len(body["data"]) == 1 and "next" not in body["paging"]
    assert {c["id"] for c in first["data"]}.isdisjoint(c["id"] for c in body["data"])
    bad = await _get(stack, "/me/conversations", platform="instagram", after="garbage!")
    assert bad.json()["error"]["code"] == 100


async def test_a_conversation_lists_its_messages_newest_first(stack: Stack) -> None:
    user = stack.sim.create_user()
    first = stack.sim.send_text(user, "Hi Kitty!")
    stack.sim.clock.advance(1)
    reply = stack.sim.business_send(user, text="Hello!")
    conv = (await _get(stack, "/me/conversations", platform="instagram")).json()["data"][0]["id"]
    body = (await _get(stack, f"/{conv}", fields="messages")).json()
    assert body["id"] == conv
    assert [m["id"] for m in body["messages"]["data"]] == [reply.mid, first.mid]
    edge = (await _get(stack, f"/{conv}/messages", fields="id,message")).json()
    assert [m["message"] for m in edge["data"]] == ["Hello!", "Hi Kitty!"]
    nested = await _get(stack, f"/{conv}", fields="participants,messages{message}.limit(1)")
    data = nested.json()
    assert [p["id"] for p in data["participants"]["data"]] == [stack.sim.business.ig_id, user.igsid]
    assert [m["message"] for m in data["messages"]["data"]] == ["Hello!"]


async def test_a_message_node_has_from_to_and_text(stack: Stack) -> None:
    user = stack.sim.create_user()
    sent = stack.sim.send_text(user, "Hi Kitty!")
    node = (await _get(stack, f"/{sent.mid}", fields="id,created_time,from,to,message")).json()
    assert node == {
        "id": sent.mid,
        "created_time": node["created_time"],
        "from": {"username": user.username, "id": user.igsid},
        "to": {"data": [{"username": stack.sim.business.username, "id": stack.sim.business.ig_id}]},
        "message": "Hi Kitty!",
    }
    assert node["created_time"].endswith("+0000")


async def test_a_story_mention_is_read_from_its_message_node(stack: Stack) -> None:
    """[STORY] ``GET /{mid}?fields=story``, how apps read a story mention."""
    user = stack.sim.create_user()
    story = stack.sim.post_story(user, "Love it @company_page")
    assert story.mention_mid is not None
    node = (await _get(stack, f"/{story.mention_mid}", fields="story,from")).json()
    assert node["story"] == {"mention": {"link": story.url, "id": story.id}}
    assert node["from"]["id"] == user.igsid and node["id"] == story.mention_mid


async def test_only_the_twenty_newest_messages_can_be_read(stack: Stack) -> None:
    user = stack.sim.create_user()
    sent = [stack.sim.send_text(user, f"message {i}") for i in range(22)]
    conv = (await _get(stack, "/me/conversations", platform="instagram")).json()["data"][0]["id"]
    listed = (await _get(stack, f"/{conv}/messages", limit=100)).json()["data"]
    assert len(listed) == 20 and listed[-1]["id"] == sent[2].mid
    old = await _get(stack, f"/{sent[0].mid}", fields="message")
    assert old.status_code == 400 and "deleted" in old.json()["error"]["message"]
    assert (await _get(stack, f"/{sent[21].mid}", fields="message")).status_code == 200


async def test_unknown_fields_are_refused_by_name(stack: Stack) -> None:
    user = stack.sim.create_user()
    sent = stack.sim.send_text(user, "x")
    response = await _get(stack, f"/{sent.mid}", fields="message,sticker_pack")
    assert "(sticker_pack) on node type (Message)" in response.json()["error"]["message"]


def test_the_fields_syntax() -> None:
    [messages] = parse("messages{id,from{id}}.limit(3)")
    assert messages.limit == 3 and messages.names() == ["id", "from"]
    for broken in ("a{b", "a.limit(x)", "a,,b", "{a}"):
        with pytest.raises(InvalidParameter):
            parse(broken)


async def test_profile_fields_of_the_user_profile_api(stack: Stack) -> None:
    """[IGPROF] follower_count, is_user_follow_business, is_verified_user and friends."""
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    fields = "name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user"  # noqa: E501
    body = (await _get(stack, f"/{user.igsid}", fields=fields)).json()
    assert set(body) == {*fields.split(","), "id"}
    assert isinstance(body["follower_count"], int) and body["is_verified_user"] is False
