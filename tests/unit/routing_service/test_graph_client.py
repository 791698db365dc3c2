"""The Graph client: request shapes and Meta's error JSON parsed into ``GraphError``."""

from __future__ import annotations

import json

import httpx
import pytest

from routing_service.graph_client import GraphClient, GraphError

pytestmark = pytest.mark.anyio


def _client(handler) -> GraphClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return GraphClient(http, "http://graph.test/v25.0/", "TOKEN")


async def test_send_text_posts_meta_shape_and_returns_the_mid() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"recipient_id": "111", "message_id": "mid.1"})

    sent = await _client(handler).send_text("111", "hi")
    assert sent.message_id == "mid.1"
    [request] = seen
    assert str(request.url) == "http://graph.test/v25.0/me/messages"
    assert request.headers["Authorization"] == "Bearer TOKEN"
    assert json.loads(request.content) == {"recipient": {"id": "111"}, "message": {"text": "hi"}}


async def test_send_text_with_tag_adds_message_tag() -> None:
    bodies: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"recipient_id": "111", "message_id": "mid.2"})

    await _client(handler).send_text("111", "hi", tag="HUMAN_AGENT")
    assert bodies[0]["messaging_type"] == "MESSAGE_TAG"
    assert bodies[0]["tag"] == "HUMAN_AGENT"


async def test_meta_error_json_becomes_graph_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"error": {
            "message": "(#10) outside window", "type": "OAuthException", "code": 10,
            "error_subcode": 2534022, "fbtrace_id": "X"}})  # fmt: skip

    with pytest.raises(GraphError) as caught:
        await _client(handler).send_text("111", "hi")
    error = caught.value
    assert (error.code, error.subcode, error.message) == (10, 2534022, "(#10) outside window")
    assert error.http_status == 403 and error.reached_meta


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(502, text="<html>Bad gateway</html>"),
        httpx.Response(200, json={"recipient_id": "111"}),  # no message_id
        httpx.Response(200, text="not json"),
    ],
)
async def test_unexpected_answers_are_graph_errors(response: httpx.Response) -> None:
    with pytest.raises(GraphError) as caught:
        await _client(lambda request: response).send_text("111", "hi")
    assert caught.value.code is None


async def test_network_failure_is_a_graph_error_that_never_reached_meta() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out")

    with pytest.raises(GraphError) as caught:
        await _client(handler).get_profile("111")
    assert not caught.value.reached_meta


async def test_get_profile_asks_for_name_username_and_picture() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v25.0/111"
        assert request.url.params["fields"] == "name,username,profile_pic"
        return httpx.Response(200, json={"name": "Ana", "username": "ana", "id": "111"})

    profile = await _client(handler).get_profile("111")
    assert (profile.name, profile.username, profile.profile_pic) == ("Ana", "ana", None)
