"""The app factory: mounts, redirects, error shapes per prefix, the CDN."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from simulator.media import avatar_image, story_image
from tests.unit.simulator.conftest import Stack

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]


async def test_root_redirects_to_the_instagram_pages(stack: Stack) -> None:
    r = await stack.client.get("/")
    assert (r.status_code, r.headers["location"]) == (302, "/instagram/")


async def test_story_url_serves_a_jpeg_until_it_expires(stack: Stack) -> None:
    user = stack.sim.create_user(username="ana_b")
    story = stack.sim.post_story(user, "Hello @company_page")
    assert "/cdn/v/t51.2885-15/" in story.url and "oh=" in story.url and "oe=" in story.url
    r = await stack.client.get(story.url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(r.content)).size == (540, 960)
    tampered = story.url.replace("oh=00_", "oh=00_0")
    assert (await stack.client.get(tampered)).status_code == 403
    stack.sim.clock.advance(11 * 24 * 3600)
    expired = await stack.client.get(story.url)
    assert (expired.status_code, expired.text) == (403, "URL signature expired")
    assert (await stack.client.get("/cdn/v/t51.2885-15/123_n.jpg")).status_code == 404


def test_images_are_deterministic() -> None:
    assert story_image("Hi", "ana", "sunset") == story_image("Hi", "ana", "sunset")
    assert story_image("Hi", "ana", "sunset") != story_image("Hi", "ana", "night")
    avatar = Image.open(io.BytesIO(avatar_image("Ana Braga", "1")))
    assert avatar.format == "JPEG" and avatar.size == (150, 150)
