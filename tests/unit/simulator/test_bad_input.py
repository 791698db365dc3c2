"""Bad input, case by case: Graph answers Meta's error JSON with a 4xx, the control API a 4xx
`{"error":{"reason":...}}`; never a 500 (architecture.md 1.1, 1.3). Each row names its input."""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest

from simulator.inputs import MAX_BODY_BYTES
from tests.unit.simulator.conftest import Stack

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]
JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


def assert_meta_error(response: httpx.Response, code: int, subcode: int | None = None) -> None:
    """Meta's shape [GERR]: `{"error":{"message":"(#code) ...","type","code","fbtrace_id"}}`."""
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert (error["code"], error.get("error_subcode")) == (code, subcode), error
    assert error["type"] == "OAuthException" and error["fbtrace_id"]
    assert error["message"].startswith(f"(#{code}) ")


def assert_control_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    reason = response.json()["error"]["reason"]
    assert isinstance(reason, str) and reason


def _send(igsid: str, message: Any = None, **extra: Any) -> bytes:
    body = {"recipient": {"id": igsid}, "message": message or {"text": "hi"}} | extra
    return json.dumps(body).encode()


SEND_CASES: dict[str, tuple[dict[str, str], Any, tuple[int, int | None]]] = {
    # name: (headers, body or a function of the IGSID, expected (code, subcode))
    "malformed_json": (JSON, b'{"recipient":', (100, None)),
    "recipient_is_a_string": (JSON, b'{"recipient":"x","message":{"text":"a"}}', (100, None)),
    "recipient_id_is_a_list": (JSON, lambda u: _send(u, recipient={"id": [u]}), (100, None)),
    "text_is_a_number": (JSON, lambda u: _send(u, {"text": 123}), (100, 2534015)),
    "message_is_a_list": (JSON, lambda u: _send(u, ["x"]), (100, 2534015)),
    "attachment_type_is_a_list": (
        JSON,
        lambda u: _send(u, {"attachment": {"type": [], "payload": {"url": "http://x"}}}),
        (100, 2534015),
    ),
    "missing_body": ({}, b"", (100, None)),
    "empty_json_body": (JSON, b"", (100, None)),
    "body_is_a_list": (JSON, b"[1, 2]", (100, None)),
    "nan_literal": (JSON, lambda u: _send(u).replace(b'"hi"', b"NaN"), (100, None)),
    "non_utf8_bytes": (JSON, b'{"recipient":"\xff\xfe"}', (100, None)),
    "lone_surrogate_text": (JSON, lambda u: _send(u, {"text": "\ud800"}), (100, None)),
    "nested_too_deeply": (JSON, b'{"a":' * 100_000, (100, None)),
    "huge_body": (JSON, lambda u: _send(u) + b" " * (MAX_BODY_BYTES + 1), (100, None)),
    "multipart_without_boundary": ({"content-type": "multipart/form-data"}, b"x", (100, None)),
    "multipart_garbage": ({"content-type": "multipart/form-data; boundary=b"}, b"x", (100, None)),
    "form_with_bad_json_value": (FORM, b"recipient=%7B&message=%ff", (100, 2534015)),
    "messaging_type_is_a_list": (JSON, lambda u: _send(u, messaging_type=[1]), (100, None)),
    "tag_is_an_object": (JSON, lambda u: _send(u, tag={}), (100, None)),
}


@pytest.mark.parametrize("name", list(SEND_CASES))
async def test_send_api_bad_input_is_a_meta_error(stack: Stack, name: str) -> None:
    headers, body, expected = SEND_CASES[name]
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")  # in the window: only the input can be wrong
    content = body(user.igsid) if callable(body) else body
    response = await stack.client.post(
        "/graph/v25.0/me/messages", content=content, headers={**stack.bearer(), **headers}
    )
    assert_meta_error(response, *expected)
    assert stack.sim.thread(user)[-1].text == "hi"  # nothing was sent


GRAPH_GETS = {
    # name: (path, expected (code, subcode))
    "future_version": ("/graph/v99.0/me", (803, None)),  # read as an alias (versions.py)
    "not_a_version": ("/graph/latest/me", (100, 33)),  # unversioned: 'latest' is a node
    "zero_padded_version": ("/graph/v025.0/me", (100, 33)),
    "graph_root": ("/graph", (100, 33)),
    "graph_root_slash": ("/graph/", (100, 33)),
    "unknown_profile_field": ("/graph/v25.0/me?fields=user_id,nope&junk=1", (100, None)),
    "non_utf8_field": ("/graph/v25.0/me?fields=%ff", (100, None)),
    "non_utf8_node": ("/graph/v25.0/%ff%fe", (100, 33)),
    "unknown_edge": ("/graph/v25.0/me/likes", (100, 33)),
}


@pytest.mark.parametrize("name", list(GRAPH_GETS))
async def test_graph_get_bad_input_is_a_meta_error(stack: Stack, name: str) -> None:
    path, expected = GRAPH_GETS[name]
    response = await stack.client.get(path, headers=stack.bearer())
    assert_meta_error(response, *expected)


async def test_unknown_query_fields_are_ignored_like_graph(stack: Stack) -> None:
    response = await stack.client.get(
        "/graph/v25.0/me?fields=user_id&utm_source=x&%ff=%fe", headers=stack.bearer()
    )
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == stack.sim.business.ig_id


@pytest.mark.parametrize(
    ("name", "content", "headers"),
    [
        ("multipart_garbage", b"x", {"content-type": "multipart/form-data; boundary=b"}),
        ("huge_form", b"object=" + b"i" * (MAX_BODY_BYTES + 1), FORM),
        ("wrong_field", b"object=instagram&callback_url=http://a/&fields=%ff&verify_token=t", FORM),
    ],
)
async def test_subscriptions_bad_input_is_a_meta_error(
    stack: Stack, name: str, content: bytes, headers: dict[str, str]
) -> None:
    cfg = stack.sim.config
    response = await stack.client.post(
        f"/graph/v25.0/{cfg.app_id}/subscriptions?access_token={cfg.app_token}",
        content=content,
        headers=headers,
    )
    assert_meta_error(response, 100)
    assert stack.sim.store.app.subscription is None


CONTROL_CASES = {
    # name: (method, path, content, expected status); `{u}` is a user's IGSID
    "events_after_nan": ("GET", "/_sim/events?after=nan", b"", 400),
    "events_after_inf": ("GET", "/_sim/events?after=inf", b"", 400),
    "events_timeout_nan": ("GET", "/_sim/events?timeout=nan", b"", 400),
    "events_unknown_type": ("GET", "/_sim/events?types=nope", b"", 400),
    "clock_nan": ("POST", "/_sim/clock/advance", b'{"seconds":NaN}', 400),
    "clock_overflow": ("POST", "/_sim/clock/advance", b'{"seconds":1e308}', 400),
    "clock_string": ("POST", "/_sim/clock/advance", b'{"seconds":"1"}', 400),
    "user_bad_json": ("POST", "/_sim/users", b'{"role":', 400),
    "user_non_utf8": ("POST", "/_sim/users", b'{"name":"\xff"}', 400),
    "user_role_number": ("POST", "/_sim/users", b'{"role":5}', 400),
    "user_empty_username": ("POST", "/_sim/users", b'{"username":""}', 400),
    "user_username_with_slash": ("POST", "/_sim/users", b'{"username":"a b/c"}', 400),
    "user_nested_too_deeply": ("POST", "/_sim/users", b"[" * 100_000, 400),
    "user_huge_body": ("POST", "/_sim/users", b" " * (MAX_BODY_BYTES + 1), 413),
    "message_text_number": ("POST", "/_sim/users/{u}/messages", b'{"text":123}', 400),
    "message_lone_surrogate": ("POST", "/_sim/users/{u}/messages", b'{"text":"\\ud800"}', 400),
    "message_body_list": ("POST", "/_sim/users/{u}/messages", b'["hi"]', 400),
    "story_lone_surrogate": ("POST", "/_sim/users/{u}/stories", b'{"text":"\\udfff"}', 400),
    "story_background_list": (
        "POST",
        "/_sim/users/{u}/stories",
        b'{"text":"a","background":[]}',
        400,
    ),
    "unsend_unknown_mid": ("POST", "/_sim/users/{u}/messages/nope/unsend", b"{}", 404),
    "unknown_user": ("POST", "/_sim/users/nobody/messages", b'{"text":"hi"}', 404),
    "wrong_method": ("DELETE", "/_sim/state", b"", 405),
}


@pytest.mark.parametrize("name", list(CONTROL_CASES))
async def test_control_bad_input_is_a_4xx_with_a_reason(stack: Stack, name: str) -> None:
    method, path, content, status = CONTROL_CASES[name]
    user = stack.sim.create_user()
    url = path.format(u=user.igsid)
    with anyio.fail_after(5):  # `timeout=nan` once waited forever
        response = await stack.client.request(method, url, content=content, headers=JSON)
    assert_control_error(response, status)
    assert stack.sim.thread(user) == []
    # the log stays serialisable: a lone surrogate let in would break every later read
    assert (await stack.client.get("/_sim/events")).status_code == 200
