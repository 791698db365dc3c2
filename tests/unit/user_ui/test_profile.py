"""The business profile, its buttons, and the 404 page."""

from __future__ import annotations

import httpx
import pytest

from simulator.service import Simulator
from simulator.state.models import IgUser
from simulator.user_ui.profile import compact, counts
from tests.unit.user_ui.conftest import elements

pytestmark = pytest.mark.anyio
PROFILE = "/instagram/company_page/"


async def test_logged_out_profile_shows_enter_linking_to_login(
    client: httpx.AsyncClient, sim: Simulator
) -> None:
    response = await client.get(PROFILE)
    assert response.status_code == 200
    assert '<h2 class="profile__username">company_page</h2>' in response.text
    assert "Company Page" in response.text
    enter = elements(response.text, "a", role="button")
    assert [a["href"] for a in enter] == [
        "/instagram/accounts/login/?next=%2Finstagram%2Fcompany_page%2F"
    ]
    assert "Send Message" not in response.text
    assert elements(response.text, "img", src=sim.business.profile_pic_url)


async def test_logged_in_profile_offers_send_message_and_new_story(
    logged_in: httpx.AsyncClient, tester: IgUser
) -> None:
    response = await logged_in.get(PROFILE)
    buttons = elements(response.text, "a", role="button")
    assert [b["href"] for b in buttons] == [
        f"/instagram/direct/t/{tester.thread_id}/",
        "/instagram/stories/create/",
    ]
    assert ">Send Message</a>" in response.text
    assert ">New story</a>" in response.text
    assert ">Enter</a>" not in response.text
    assert elements(response.text, "span", data_testid="nav-username")


async def test_unknown_username_is_a_404_page(client: httpx.AsyncClient, tester: IgUser) -> None:
    for path in ("/instagram/nobody_here/", f"/instagram/{tester.username}/", "/instagram/a/b/c/"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Sorry, this page isn't available." in response.text


async def test_profile_without_trailing_slash_redirects(client: httpx.AsyncClient) -> None:
    response = await client.get("/instagram/company_page")
    assert response.status_code == 307
    assert response.headers["location"] == PROFILE


async def test_mount_root_goes_to_the_business(client: httpx.AsyncClient) -> None:
    response = await client.get("/instagram/")
    assert response.status_code == 303
    assert response.headers["location"] == PROFILE


async def test_static_css_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/instagram/static/ig.css")
    assert response.status_code == 200
    assert "text/css" in response.headers["content-type"]


def test_counts_are_deterministic_and_compact() -> None:
    assert counts("company_page") == counts("company_page")
    assert counts("company_page") != counts("other_page")
    assert compact(987) == "987"
    assert compact(12_400) == "12.4K"
    assert compact(3_000_000) == "3M"


async def test_the_follow_button_follows_the_business_and_turns_to_following(
    logged_in: httpx.AsyncClient, sim: Simulator, tester: IgUser
) -> None:
    page = await logged_in.get(PROFILE)
    assert len(elements(page.text, "button", **{"data-testid": "follow"})) == 1
    assert "Follow" in page.text and not tester.follows_business
    done = await logged_in.post(PROFILE + "follow", data={"following": "true"})
    assert done.status_code == 303 and tester.follows_business
    again = await logged_in.get(PROFILE)
    assert ">Following</button>" in again.text
    await logged_in.post(PROFILE + "follow", data={"following": "false"})
    assert not tester.follows_business
