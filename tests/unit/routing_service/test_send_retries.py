"""A send Meta answers with a rate limit or a transient error is retried and arrives once
[GERR]; a refused one is explained to the agent; the deliberate breaks of reasons 7 and 8."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from routing_service.outbound import PERMISSION_REFUSED, WINDOW_CLOSED
from tests.unit.routing_service.conftest import Service, ServiceFactory

pytestmark = pytest.mark.anyio


def _error(code: int, subcode: int | None = None) -> dict[str, Any]:
    error = {"message": f"(#{code}) refused", "type": "OAuthException", "code": code}
    return error | ({"error_subcode": subcode} if subcode else {})


def _fail_first(service: Service, times: int, status: int, error: dict[str, Any]) -> None:
    left = [times]

    def failing(_payload: dict[str, Any]) -> bool:
        left[0] -= 1
        return left[0] >= 0

    service.graph.send_error = (status, error)
    service.graph.send_error_if = failing


@pytest.fixture
async def fast(make_service: ServiceFactory) -> AsyncIterator[Service]:
    async with make_service(send_retry_ms=1) as service:
        await service.login()
        await service.set_status("operating")
        yield service


async def _reply(service: Service, text: str = "On its way") -> Any:
    await service.message("111", "m_in", "where is my order?")
    [conversation] = await service.conversations()
    return await service.client.post(
        f"/api/conversations/{conversation['id']}/messages", json={"text": text}
    )


@pytest.mark.parametrize(
    ("status", "code", "subcode"),
    [(400, 613, 2534040), (400, 4, None), (400, 17, None), (400, 32, None), (500, 2, None),
     (500, 1, None)],
)  # fmt: skip
async def test_rate_limits_and_transient_errors_are_retried_and_the_answer_sent_once(
    fast: Service, status: int, code: int, subcode: int | None
) -> None:
    _fail_first(fast, 2, status, _error(code, subcode))
    sent = await _reply(fast)
    assert sent.status_code == 201, sent.text
    assert len(fast.graph.sends()) == 3
    [conversation] = await fast.conversations()
    assert [m["text"] for m in conversation["messages"]].count("On its way") == 1


async def test_a_rate_limit_that_lasts_is_told_to_the_agent(fast: Service) -> None:
    _fail_first(fast, 99, 400, _error(613, 2534040))
    sent = await _reply(fast)
    assert sent.status_code == 502 and "rate limiting" in sent.json()["error"]["reason"]
    assert len(fast.graph.sends()) == 4  # the first try and three more


@pytest.mark.parametrize(("status", "code"), [(400, 190), (403, 10), (403, 200), (400, 100)])
async def test_other_refusals_are_not_retried(fast: Service, status: int, code: int) -> None:
    _fail_first(fast, 99, status, _error(code))
    assert (await _reply(fast)).status_code in (422, 502)
    assert len(fast.graph.sends()) == 1


@pytest.mark.parametrize("code", [10, 200, 3])
async def test_a_missing_permission_is_named_to_the_agent(fast: Service, code: int) -> None:
    _fail_first(fast, 99, 403, _error(code))
    sent = await _reply(fast)
    assert (sent.status_code, sent.json()["error"]["reason"]) == (422, PERMISSION_REFUSED)


async def test_break_human_agent_always_tags_an_answer_inside_24_h(
    make_service: ServiceFactory,
) -> None:
    async with make_service(broken=("human_agent_always",)) as service:
        await service.login()
        await service.set_status("operating")
        assert (await _reply(service)).status_code == 201
        assert service.graph.sends()[0]["tag"] == "HUMAN_AGENT"


async def test_break_window_refusals_hidden_shows_a_refused_answer_as_sent(
    make_service: ServiceFactory,
) -> None:
    async with make_service(broken=("window_refusals_hidden",)) as service:
        await service.login()
        await service.set_status("operating")
        _fail_first(service, 99, 403, _error(10, 2534022))
        sent = await _reply(service, "Too late")
        assert sent.status_code == 201 and sent.json()["mid"] is None
        _fail_first(service, 99, 400, _error(190, 463))  # other refusals still show
        [conversation] = await service.conversations()
        refused = await service.client.post(
            f"/api/conversations/{conversation['id']}/messages", json={"text": "Token?"}
        )
        assert refused.status_code == 502


async def test_without_the_break_the_window_refusal_is_told(fast: Service) -> None:
    _fail_first(fast, 99, 403, _error(10, 2534022))
    sent = await _reply(fast, "Too late")
    assert (sent.status_code, sent.json()["error"]["reason"]) == (409, WINDOW_CLOSED)
