"""Meta-CDN-looking URLs and the `/cdn` routes serving the drawn images.

Paths mimic Instagram's CDN (`/v/t51.2885-15/...` media, `/v/t51.2885-19/...` profile
pictures) with `oh` (signature) and `oe` (expiry, hex seconds): a URL past `oe` answers 403
"URL signature expired" like Meta's CDN, so integrations that cache URLs show it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.media import MEDIA_TYPES, avatar_image, media_bytes, story_image

if TYPE_CHECKING:
    from simulator.service import Simulator

URL_TTL_S = 10 * 24 * 3600  # "picture URLs expire in days" (spec section 2)
STORY_PREFIX = "/v/t51.2885-15/"
PROFILE_PREFIX = "/v/t51.2885-19/"
MEDIA_PREFIX = "/v/t51.29350-15/"  # what users send in Direct: photos, videos, voice, files


class CdnUrls:
    def __init__(self, config: SimulatorConfig, clock: Clock) -> None:
        self._base = f"{config.public_url}/cdn"
        self._key = hashlib.sha256(f"cdn:{config.seed}:{config.app_secret}".encode()).digest()
        self._clock = clock

    def _sign(self, path: str, oe: str) -> str:
        return "00_" + hmac.new(self._key, f"{path}:{oe}".encode(), hashlib.sha256).hexdigest()[:40]

    def _url(self, path: str) -> str:
        oe = f"{self._clock.now_s() + URL_TTL_S:08X}"
        query = f"_nc_ht=scontent.cdninstagram.com&_nc_cat=1&oh={self._sign(path, oe)}&oe={oe}"
        return f"{self._base}{path}?{query}"

    def story(self, story_id: str) -> str:
        return self._url(f"{STORY_PREFIX}{story_id}_n.jpg")

    def profile_pic(self, owner_id: str) -> str:
        return self._url(f"{PROFILE_PREFIX}{owner_id}_n.jpg")

    def media(self, media_id: str, kind: str) -> str:
        """A user's photo, video, voice note or file (``kind``), by its media id."""
        return self._url(f"{MEDIA_PREFIX}{media_id}_n.{MEDIA_TYPES[kind][0]}")

    def refusal(self, path: str, oh: str | None, oe: str | None) -> str | None:
        """Why the CDN refuses this URL (None = serve it)."""
        if not oh or not oe or not hmac.compare_digest(oh, self._sign(path, oe)):
            return "Bad URL hash"
        try:
            expires = int(oe, 16)
        except ValueError:
            return "Bad URL hash"
        if expires < self._clock.now_s():
            return "URL signature expired"
        return None


def _serve(
    request: Request,
    path: str,
    key: str,
    draw: Callable[[], bytes] | None,
    media_type: str = "image/jpeg",
) -> Response:
    """404 for an unknown owner, 403 for a bad or expired URL, else the (cached) bytes."""
    if draw is None:
        return PlainTextResponse("Not Found", status_code=404)
    sim: Simulator = request.app.state.sim
    query = request.query_params
    refusal = sim.store.urls.refusal(path, query.get("oh"), query.get("oe"))
    if refusal:
        return PlainTextResponse(refusal, status_code=403)
    body = sim.media.get(key, draw)
    return Response(body, media_type=media_type, headers={"Cache-Control": "max-age=1209600"})


async def story_media(request: Request) -> Response:
    sim: Simulator = request.app.state.sim
    story_id = request.path_params["story_id"]
    story = sim.store.stories.get(story_id)
    draw = None
    owner = None if story is None else sim.store.owner_name(story.owner_igsid)
    if story is not None and owner is not None:
        draw = functools.partial(story_image, story.text, owner, story.background)
    return _serve(request, f"{STORY_PREFIX}{story_id}_n.jpg", f"story:{story_id}", draw)


async def profile_media(request: Request) -> Response:
    sim: Simulator = request.app.state.sim
    owner_id = request.path_params["owner_id"]
    names = {u.igsid: u.name for u in sim.users()} | {sim.business.ig_id: sim.business.name}
    draw = functools.partial(avatar_image, names[owner_id], owner_id) if owner_id in names else None
    return _serve(request, f"{PROFILE_PREFIX}{owner_id}_n.jpg", f"avatar:{owner_id}", draw)


async def direct_media(request: Request) -> Response:
    sim: Simulator = request.app.state.sim
    media_id, ext = request.path_params["media_id"], request.path_params["ext"]
    item = sim.store.media_items.get(media_id)
    draw, media_type = None, "application/octet-stream"
    if item is not None and MEDIA_TYPES[item["kind"]][0] == ext:
        media_type = item.get("content_type") or MEDIA_TYPES[item["kind"]][1]
        if "data" in item:  # what the user uploaded, as uploaded
            draw = functools.partial(bytes, item["data"])
        else:
            draw = functools.partial(media_bytes, item["kind"], item["title"], item["owner"])
    path = f"{MEDIA_PREFIX}{media_id}_n.{ext}"
    return _serve(request, path, f"media:{media_id}", draw, media_type)


def cdn_routes() -> list[Route]:
    return [
        Route(MEDIA_PREFIX + "{media_id}_n.{ext}", direct_media),
        Route(STORY_PREFIX + "{story_id}_n.jpg", story_media),
        Route(PROFILE_PREFIX + "{owner_id}_n.jpg", profile_media),
    ]
