"""Chromium smoke test: a Playwright/Chromium version skew fails here first (the README, Chromium).

Launch, load a loopback page, grant notifications, record a video, take a screenshot: each is
something the browser driver relies on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from fixtures.servers import bind_loopback, served

PAGE = """<!doctype html><title>smoke</title><p id=state>?</p><script>
navigator.permissions.query({name: 'notifications'}).then(s => {
  document.getElementById('state').textContent = s.state;
  s.onchange = () => { document.getElementById('state').textContent = s.state; };
});
</script>"""

pytestmark = pytest.mark.browser


async def _page(request):  # type: ignore[no-untyped-def]
    return HTMLResponse(PAGE)


def test_chromium_loads_a_loopback_page_grants_notifications_and_records_video(
    browser: Browser, tmp_path: Path
) -> None:
    sock = bind_loopback()
    with served(Starlette(routes=[Route("/", _page)]), sock, name="smoke") as url:
        context = browser.new_context(record_video_dir=str(tmp_path))
        page = context.new_page()
        page.goto(url)
        assert page.title() == "smoke"
        context.grant_permissions(["notifications"], origin=url)
        page.wait_for_function("document.getElementById('state').textContent === 'granted'")
        assert page.evaluate("Notification.permission") == "granted"
        assert page.screenshot()[:8] == b"\x89PNG\r\n\x1a\n"
        video = page.video
        context.close()
    assert video is not None
    recorded = Path(video.path())
    assert recorded.exists() and recorded.stat().st_size > 0
