"""The story editor and viewer."""

from __future__ import annotations

import httpx
import pytest

from simulator.media import BACKGROUNDS
from simulator.service import Simulator
from simulator.state.models import IgUser
from tests.unit.user_ui.conftest import elements

pytestmark = pytest.mark.anyio
CREATE = "/instagram/stories/create/"


async def test_editor_requires_login(client: httpx.AsyncClient) -> None:
    response = await client.get(CREATE)
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/instagram/accounts/login/?next=%2Finstagram%2Fstories%2Fcreate%2F"
    )
    post = await client.post(CREATE, data={"text": "hi"})
    assert post.status_code == 303


async def test_editor_has_text_backgrounds_and_share(logged_in: httpx.AsyncClient) -> None:
    html = (await logged_in.get(CREATE)).text
    assert '<label class="story-editor__label" for="story-text">Story text</label>' in html
    assert elements(html, "textarea", id="story-text", name="text")
    radios = elements(html, "input", type="radio", name="background")
    assert [r["value"] for r in radios] == list(BACKGROUNDS)
    assert [r for r in radios if "checked" in r] == [radios[0]]
    assert ">Share to your story</button>" in html


async def test_sharing_a_mention_posts_from_web_and_opens_the_viewer(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    response = await logged_in.post(
        CREATE, data={"text": "Great service @company_page!", "background": "ocean"}
    )
    assert response.status_code == 303
    [story] = [s for s in sim.store.stories.values() if s.owner_igsid == tester.igsid]
    assert (story.background, story.owner_igsid) == ("ocean", tester.igsid)
    assert response.headers["location"] == f"/instagram/stories/{tester.username}/{story.id}/"
    [mention] = sim.thread(tester)
    assert mention.mid == story.mention_mid and mention.client == "web"
    viewer = await logged_in.get(response.headers["location"])
    assert viewer.status_code == 200
    assert elements(viewer.text, "article", data_testid="story")
    assert elements(viewer.text, "img", src=story.url)
    assert "Your story · just now" in viewer.text
    assert "Mentioned: @company_page" in viewer.text


async def test_a_story_without_mention_says_nothing_about_it(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    response = await logged_in.post(CREATE, data={"text": "Just a sunset", "background": "sunset"})
    viewer = await logged_in.get(response.headers["location"])
    assert elements(viewer.text, "article", data_testid="story")
    assert "Mentioned:" not in viewer.text
    assert sim.thread(tester) == []


@pytest.mark.parametrize(
    ("form", "needle"),
    [
        ({"text": "  "}, "Add some text"),
        ({"text": "x" * 2201}, "at most 2200 characters"),
        ({"text": "hi", "background": "plaid"}, "Pick one of the backgrounds"),
    ],
)
async def test_bad_story_input_is_a_400_with_a_visible_error(
    logged_in: httpx.AsyncClient, sim: Simulator, form: dict[str, str], needle: str
) -> None:
    response = await logged_in.post(CREATE, data=form)
    assert response.status_code == 400
    assert needle in response.text
    assert elements(response.text, "p", data_testid="story-error")
    assert [s for s in sim.store.stories.values() if s.owner_igsid != sim.business.ig_id] == []


async def test_only_the_owner_sees_the_story_here(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    location = (await logged_in.post(CREATE, data={"text": "mine"})).headers["location"]
    other = sim.create_user(role="tester", username="bo.other", password="Other123*")
    await logged_in.post("/instagram/accounts/logout/")
    await logged_in.post(
        "/instagram/accounts/login/", data={"username": other.username, "password": "Other123*"}
    )
    assert (await logged_in.get(location)).status_code == 404
    unknown = f"/instagram/stories/{other.username}/999/"
    assert (await logged_in.get(unknown)).status_code == 404


async def test_viewer_reads_the_story_from_the_simulator(
    logged_in: httpx.AsyncClient, tester: IgUser, sim: Simulator
) -> None:
    """A story the simulator knows shows, however it was posted (here: no editor involved)."""
    story = sim.post_story(tester, "Posted by the harness @Company_Page", background="night")
    viewer = await logged_in.get(f"/instagram/stories/{tester.username}/{story.id}/")
    assert viewer.status_code == 200
    assert elements(viewer.text, "article", data_testid="story", data_story_id=story.id)
    assert elements(viewer.text, "img", src=story.url)
    assert "Mentioned: @company_page" in viewer.text
    sim.store.stories.clear()  # what `reset` does to stories
    assert (
        await logged_in.get(f"/instagram/stories/{tester.username}/{story.id}/")
    ).status_code == 404
