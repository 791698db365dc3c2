"""Which version serves a call, as Meta's versioning guide says [D/graph-api/guides/versioning]."""

from __future__ import annotations

import pytest

from simulator.config import SimulatorConfig
from simulator.versions import VersionPolicy, number
from tests.unit.simulator.conftest import Stack

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("/graph/v21.0/me", "v21.0"),  # the oldest live version
        ("/graph/v25.0/me", "v25.0"),
        ("/graph/v26.0/me", "v26.0"),  # the newest (Jul 29 2026)
        ("/graph/v20.0/me", "v21.0"),  # expired Sep 24 2026: the next oldest usable version
        ("/graph/v2.0/me", "v21.0"),
        ("/graph/me", "v26.0"),  # unversioned: the app's default version
        (f"/graph/{'{ig_id}'}", "v26.0"),
    ],
)
async def test_each_call_is_served_by_the_version_metas_rules_pick(
    stack: Stack, path: str, served: str
) -> None:
    path = path.replace("{ig_id}", stack.sim.business.ig_id)
    response = await stack.client.get(path, params={"fields": "user_id"}, headers=stack.bearer())
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == stack.sim.business.ig_id
    assert response.headers["facebook-api-version"] == served


async def test_the_call_log_keeps_the_version_asked_for(stack: Stack) -> None:
    for path in ("/graph/v20.0/me", "/graph/me"):
        await stack.client.get(path, headers=stack.bearer())
    calls = stack.sim.store.graph_calls[-2:]
    assert [(c.path, c.requested_version) for c in calls] == [
        ("/graph/v21.0/me", "v20.0"),
        ("/graph/v26.0/me", None),
    ]


async def test_a_version_beyond_the_newest_is_read_as_an_unknown_alias(stack: Stack) -> None:
    response = await stack.client.get("/graph/v27.0/me", headers=stack.bearer())
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, 803)
    assert error["message"] == "(#803) Some of the aliases you requested do not exist: v27.0"


async def test_an_expired_version_serves_the_send_api_too(stack: Stack) -> None:
    """A Facebook-Login sample pinned to an expired version must keep working, as on Meta."""
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    body = {"recipient": {"id": user.igsid}, "message": {"text": "hello"}}
    response = await stack.client.post(
        "/graph/v19.0/me/messages", json=body, headers=stack.bearer()
    )
    assert response.status_code == 200 and "message_id" in response.json()
    assert response.headers["facebook-api-version"] == "v21.0"


@pytest.mark.parametrize(
    ("config", "path", "served"),
    [
        (SimulatorConfig(app_default_graph_version="v23.0"), "/graph/me", "v23.0"),
        (SimulatorConfig(graph_version="v27.0"), "/graph/v27.0/me", "v27.0"),  # a newer live one
        (SimulatorConfig(oldest_graph_version="v22.0"), "/graph/v21.0/me", "v22.0"),
    ],
)
async def test_the_live_range_and_the_apps_default_are_knobs(
    config: SimulatorConfig, path: str, served: str
) -> None:
    import httpx

    from simulator.app import create_app

    app = create_app(config)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            token = app.state.sim.business.access_token
            response = await client.get(path, params={"access_token": token})
    assert response.headers["facebook-api-version"] == served


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"oldest_graph_version": "v27.0"}, "newer than newest"),
        ({"app_default_graph_version": "v20.0"}, "not a live version"),
        ({"graph_version": "25"}, "not a Graph API version"),
    ],
)
def test_a_range_that_cannot_serve_is_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SimulatorConfig(**kwargs)


def test_version_numbers() -> None:
    assert number("v26.0") == 26
    with pytest.raises(ValueError):
        number("v025.0")
    assert VersionPolicy("v21.0", "v26.0", "v24.0").serving(None) == "v24.0"
