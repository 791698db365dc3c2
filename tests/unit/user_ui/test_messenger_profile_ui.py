"""The business's ice breakers, Get Started and persistent menu in the test user's Direct."""

from __future__ import annotations

import httpx
import pytest

from simulator.service import Simulator
from simulator.state.models import IgUser
from tests.unit.user_ui.conftest import elements

pytestmark = pytest.mark.anyio
JSON = {"Accept": "application/json"}


def _profile(sim: Simulator) -> None:
    sim.store.messenger_profile = {
        "ice_breakers": [{"locale": "default", "call_to_actions": [
            {"question": "Where is my order?", "payload": "ORDER_STATUS"}]}],
        "get_started": {"payload": "START"},
        "persistent_menu": [{"locale": "default", "call_to_actions": [
            {"type": "postback", "title": "Talk to a human", "payload": "HUMAN"},
            {"type": "web_url", "title": "Shop", "url": "https://shop.example"}]}],
    }  # fmt: skip


async def test_an_empty_thread_offers_the_ice_breakers_and_get_started(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    _profile(sim)
    page = (await logged_in.get(f"/instagram/direct/t/{tester.thread_id}/")).text
    assert elements(page, data_testid="dm-ice-breakers")
    assert elements(page, "input", name="payload", value="ORDER_STATUS")
    assert elements(page, data_testid="dm-get-started")
    assert elements(page, "a", href="https://shop.example") and "Talk to a human" in page


async def test_a_tap_shows_the_question_and_the_starters_go(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    _profile(sim)
    url = f"/instagram/direct/t/{tester.thread_id}/"
    tap = await logged_in.post(
        url + "postback", data={"title": "Where is my order?", "payload": "ORDER_STATUS"},
        headers=JSON,
    )  # fmt: skip
    assert tap.status_code == 201 and "Where is my order?" in tap.json()["html"]
    [shown] = sim.thread(tester)
    assert shown.text == "Where is my order?" and shown.from_user
    page = (await logged_in.get(url)).text
    assert not elements(page, data_testid="dm-ice-breakers")
    assert elements(page, data_testid="dm-menu")  # the menu stays
