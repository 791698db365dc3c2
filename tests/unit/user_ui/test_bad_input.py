"""Bad requests to the user pages get a 4xx Instagram page, never Starlette's plain text."""

from __future__ import annotations

import httpx
import pytest

from simulator.state.models import IgUser
from tests.unit.user_ui.conftest import elements

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]
NO_BOUNDARY = {"content-type": "multipart/form-data"}
BAD_MULTIPART = {"content-type": "multipart/form-data; boundary=b"}


def assert_error_page(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert elements(response.text, "section", data_testid="error-page", data_status=str(status))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/instagram/accounts/login/", NO_BOUNDARY),
        ("/instagram/accounts/login/", BAD_MULTIPART),
        ("/instagram/accounts/onetap/", BAD_MULTIPART),
        ("/instagram/stories/create/", BAD_MULTIPART),
    ],
)
async def test_unreadable_form_is_a_400_page(
    logged_in: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> None:
    response = await logged_in.post(path, content=b"x", headers=headers)
    assert_error_page(response, 400)


async def test_unreadable_direct_form_is_a_400_page(
    logged_in: httpx.AsyncClient, tester: IgUser
) -> None:
    thread = f"/instagram/direct/t/{tester.thread_id}/"
    for action in ("send", "unsend"):
        response = await logged_in.post(thread + action, content=b"x", headers=BAD_MULTIPART)
        assert_error_page(response, 400)


async def test_wrong_method_is_a_405_page(client: httpx.AsyncClient) -> None:
    assert_error_page(await client.delete("/instagram/accounts/login/"), 405)
    assert_error_page(await client.put("/instagram/company_page/"), 405)


async def test_non_utf8_form_and_query_are_handled(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/instagram/accounts/login/?next=%ff",
        content=b"username=%ff&password=\xfe",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 401 and "Sorry, your password was incorrect" in response.text
    assert (await client.get("/instagram/%ff%fe/")).status_code == 404
