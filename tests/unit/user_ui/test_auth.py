"""Log in, save-login prompt, log out, and the `next` sanitising."""

from __future__ import annotations

import httpx
import pytest

from simulator.state.models import IgUser
from simulator.user_ui.session import COOKIE_NAME
from tests.unit.user_ui.conftest import PASSWORD, elements

pytestmark = pytest.mark.anyio
LOGIN = "/instagram/accounts/login/"
PROFILE = "/instagram/company_page/"


async def test_login_page_has_the_contract_locators(client: httpx.AsyncClient) -> None:
    response = await client.get(LOGIN, params={"next": PROFILE})
    assert response.status_code == 200
    html = response.text
    assert elements(html, "input", name="username", id="username")
    assert elements(html, "input", name="password", type="password", id="password")
    assert '<label for="username">Username</label>' in html
    assert '<label for="password">Password</label>' in html
    assert ">Log in</button>" in html
    assert elements(html, "input", name="next", value=PROFILE)


async def test_login_success_redirects_to_onetap_and_sets_the_session(
    client: httpx.AsyncClient, tester: IgUser
) -> None:
    response = await client.post(
        LOGIN, params={"next": PROFILE}, data={"username": "ana.tester", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/instagram/accounts/onetap/?next=%2Finstagram%2Fcompany_page%2F"
    )
    assert "Path=/instagram" in response.headers["set-cookie"]
    profile = await client.get(PROFILE)
    assert ">Send Message</a>" in profile.text
    assert "ana.tester" in profile.text


async def test_wrong_password_rerenders_with_instagrams_message(
    client: httpx.AsyncClient, tester: IgUser
) -> None:
    response = await client.post(LOGIN, data={"username": "ana.tester", "password": "nope"})
    assert response.status_code == 401
    assert "Sorry, your password was incorrect." in response.text
    assert elements(response.text, "input", name="username", value="ana.tester")
    assert COOKIE_NAME not in response.cookies
    profile = await client.get(PROFILE)
    assert ">Enter</a>" in profile.text


async def test_empty_fields_are_a_400_with_a_visible_error(client: httpx.AsyncClient) -> None:
    response = await client.post(LOGIN, data={"username": " ", "password": ""})
    assert response.status_code == 400
    assert "Enter your username and password" in response.text


async def test_onetap_page_offers_save_info_and_not_now(logged_in: httpx.AsyncClient) -> None:
    response = await logged_in.get("/instagram/accounts/onetap/", params={"next": PROFILE})
    assert response.status_code == 200
    assert "Save your login information?" in response.text
    assert elements(response.text, "button", name="choice", value="save")
    assert elements(response.text, "button", name="choice", value="not_now")
    assert ">Save info</button>" in response.text
    assert ">Not now</button>" in response.text


@pytest.mark.parametrize("choice", ["save", "not_now"])
async def test_both_onetap_buttons_continue_to_next(
    logged_in: httpx.AsyncClient, choice: str
) -> None:
    next_path = "/instagram/stories/create/"
    response = await logged_in.post(
        "/instagram/accounts/onetap/", data={"next": next_path, "choice": choice}
    )
    assert response.status_code == 303
    assert response.headers["location"] == next_path
    assert (await logged_in.get(next_path)).status_code == 200


@pytest.mark.parametrize(
    "evil",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
async def test_next_outside_the_site_falls_back_to_the_profile(
    logged_in: httpx.AsyncClient, evil: str
) -> None:
    response = await logged_in.post(
        "/instagram/accounts/onetap/", data={"next": evil, "choice": "not_now"}
    )
    assert response.headers["location"] == PROFILE
    page = await logged_in.get("/instagram/accounts/onetap/", params={"next": evil})
    assert elements(page.text, "input", name="next", value=PROFILE)


async def test_onetap_when_logged_out_goes_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/instagram/accounts/onetap/", params={"next": PROFILE})
    assert response.status_code == 303
    assert response.headers["location"].startswith(LOGIN)


async def test_logout_ends_the_session(logged_in: httpx.AsyncClient) -> None:
    response = await logged_in.post("/instagram/accounts/logout/")
    assert response.status_code == 303
    assert ">Enter</a>" in (await logged_in.get(PROFILE)).text


async def test_a_forged_cookie_is_no_session(client: httpx.AsyncClient, tester: IgUser) -> None:
    client.cookies.set(COOKIE_NAME, '{"igsid": "' + tester.igsid + '"}', path="/instagram")
    response = await client.get("/instagram/stories/create/")
    assert response.status_code == 303
    assert response.headers["location"].startswith(LOGIN)
