"""Property: whatever body, type or query reaches the Graph API or the control API, the answer
is below 500 and in that API's error shape (architecture.md 1.1 "Never a bare 500", 1.3).

Hypothesis runs derandomized with no example database, so the suite stays reproducible and
writes nothing into the checkout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator

pytestmark = pytest.mark.simulator_only
PROPERTY = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
CALLBACK = "http://callback.test/webhook"
# Sampled characters (no Unicode tables needed): ASCII, Latin-1, emoji, controls, lone surrogates.
CHARS = ["a", "Z", "0", " ", "@", '"', "\\", "/", "é", "\u2764", "\U0001f600", "\x00", "\ud800"]
texts = st.text(alphabet=st.sampled_from(CHARS), max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
)
CONTENT_TYPES = [
    None,
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=xyz",
    "text/plain",
]


def _dumps(value: Any) -> bytes:
    """JSON with NaN/Infinity and lone surrogates as Python writes them (ASCII escapes)."""
    return json.dumps(value).encode()


def _callback(request: httpx.Request) -> httpx.Response:
    """A callback that answers the handshake, so no example ever reaches the network."""
    if request.url.params.get("hub.verify_token") == "t":
        return httpx.Response(200, text=request.url.params["hub.challenge"])
    return httpx.Response(403)


class Client:
    """A blocking client over the app in-process (one event loop in a portal thread), so
    Hypothesis can drive it from a plain test function."""

    def __init__(self, portal: BlockingPortal, sim: Simulator, client: httpx.AsyncClient) -> None:
        self.portal, self.sim, self._client = portal, sim, client

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def call() -> httpx.Response:
            with anyio.fail_after(5):  # a hang fails the example (`timeout=nan` once did)
                return await self._client.request(method, url, **kwargs)

        return self.portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    config = SimulatorConfig(seed=3, app_mode="live")

    def factory() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(_callback))

    app = create_app(config, factory)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    http = httpx.AsyncClient(transport=transport, base_url=config.public_url)
    with start_blocking_portal("asyncio") as portal:
        try:
            yield Client(portal, app.state.sim, http)
        finally:
            portal.call(http.aclose)


def assert_meta_shape(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code >= 400:
        error = body["error"]
        assert isinstance(error["code"], int) and error["type"] == "OAuthException"
        assert error["message"].startswith(f"(#{error['code']}) ") and error["fbtrace_id"]


def assert_control_shape(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        reason = response.json()["error"]["reason"]
        assert isinstance(reason, str) and reason


send_bodies = st.fixed_dictionaries(
    {},
    optional={
        "recipient": json_values | st.fixed_dictionaries({"id": json_values}),
        "message": json_values
        | st.fixed_dictionaries({"text": json_values})
        | st.fixed_dictionaries({"attachment": json_values}),
        "messaging_type": json_values | st.sampled_from(["RESPONSE", "UPDATE", "MESSAGE_TAG"]),
        "tag": json_values | st.just("HUMAN_AGENT"),
        "sender_action": json_values | st.just("typing_on"),
    },
)
raw_bodies = st.binary(max_size=64) | send_bodies.map(_dumps) | json_values.map(_dumps)


@PROPERTY
@given(
    body=raw_bodies,
    content_type=st.sampled_from(CONTENT_TYPES),
    node=st.sampled_from(["me", "17841400000000001", "x"]),
    version=st.sampled_from(["v25.0", "v21.0", "v20.0", "v26.0", "vx", "v025.0"]),
    real_recipient=st.booleans(),
)
def test_send_api_answers_meta_errors_for_any_body(
    client: Client,
    body: bytes,
    content_type: str | None,
    node: str,
    version: str,
    real_recipient: bool,
) -> None:
    sim = client.sim
    if real_recipient:  # a user in the window, so only the body can be wrong
        user = sim.create_user()
        sim.send_text(user, "hi")
        body = body.replace(b'"id": null', f'"id": "{user.igsid}"'.encode())
    headers = {"Authorization": f"Bearer {sim.business.access_token}"}
    if content_type:
        headers["content-type"] = content_type
    response = client.post(f"/graph/{version}/{node}/messages", content=body, headers=headers)
    assert_meta_shape(response)


# Query values: quoted text (URLs cannot carry lone surrogates) or raw, possibly non-UTF-8, escapes.
query_values = texts.filter(lambda t: "\ud800" not in t).map(quote) | st.sampled_from(
    ["messages", "user_id,name", "instagram", quote(CALLBACK), "t", "%ff", "%ED%A0%80", "%"]
)


@PROPERTY
@given(
    query=st.dictionaries(
        st.sampled_from(["fields", "access_token", "object", "callback_url", "zzz", "%ff"]),
        query_values,
        max_size=4,
    ),
    path=st.sampled_from(
        ["me", "{igsid}", "me/subscribed_apps", "{app_id}/subscriptions", "debug_token", "x/y/z"]
    ),
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    form=st.sampled_from([None, "application/x-www-form-urlencoded", "multipart/form-data"]),
)
def test_profile_and_subscriptions_answer_meta_errors_for_any_query(
    client: Client, query: dict[str, str], path: str, method: str, form: str | None
) -> None:
    sim = client.sim
    user = sim.create_user()
    url = "/graph/v25.0/" + path.format(igsid=user.igsid, app_id=sim.config.app_id)
    encoded = "&".join(f"{k}={v}" for k, v in (query | {"verify_token": "t"}).items())
    token = sim.config.app_token if "subscriptions" in path else sim.business.access_token
    headers = {"Authorization": f"Bearer {token}"}
    if form and method != "GET":
        headers["content-type"] = form
        response = client.request(method, url, content=encoded.encode(), headers=headers)
    else:
        response = client.request(method, f"{url}?{encoded}", headers=headers)
    assert_meta_shape(response)


CONTROL_CALLS = [
    ("POST", "/_sim/users"),
    ("POST", "/_sim/users/{igsid}/messages"),
    ("POST", "/_sim/users/{igsid}/stories"),
    ("POST", "/_sim/users/{igsid}/messages/{mid}/unsend"),
    ("POST", "/_sim/clock/advance"),
    ("GET", "/_sim/users/{igsid}/thread"),
]
control_fields = {
    "text": texts | json_values,
    "client": st.sampled_from(["web", "app", "tv"]) | json_values,
    "role": st.sampled_from(["tester", "admin", "king"]) | json_values,
    "name": texts | json_values,
    "username": texts | json_values,
    "password": texts | json_values,
    "background": st.sampled_from(["sunset", "plaid"]) | json_values,
    "seconds": st.floats() | st.integers() | json_values,
}
control_bodies = (
    st.binary(max_size=64)
    | json_values.map(_dumps)
    | st.fixed_dictionaries({}, optional=control_fields).map(_dumps)
)


@PROPERTY
@given(call=st.sampled_from(CONTROL_CALLS), body=control_bodies)
def test_control_calls_answer_a_reason_for_any_body(
    client: Client, call: tuple[str, str], body: bytes
) -> None:
    sim = client.sim
    user = sim.create_user()
    mid = sim.send_text(user, "hi").mid
    method, path = call
    response = client.request(method, path.format(igsid=user.igsid, mid=mid), content=body)
    assert_control_shape(response)
    assert client.get(f"/_sim/users/{user.igsid}/thread").status_code == 200


@PROPERTY
@given(
    query=st.dictionaries(
        st.sampled_from(["after", "timeout", "types"]),
        st.sampled_from(["0", "-1", "nan", "inf", "1e400", "", "abc", "0.01", "delivery,x"]),
    )
)
def test_event_queries_answer_a_reason(client: Client, query: dict[str, str]) -> None:
    assert_control_shape(client.get("/_sim/events", params=query))
