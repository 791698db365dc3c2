"""Meta-CDN-looking URLs and the `/cdn` routes serving the drawn images.

Paths mimic Instagram's CDN (`/v/t51.2885-15/...` media, `/v/t51.2885-19/...` profile
pictures) with `oh` (signature) and `oe` (expiry, hex seconds): a URL past `oe` answers 403
"URL signature expired" like Meta's CDN, so integrations that cache URLs show it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.media import avatar_image, story_image

if TYPE_CHECKING:
    from simulator.service import Simulator

URL_TTL_S = 10 * 24 * 3600  # "picture URLs expire in days" (spec section 2)
STORY_PREFIX = "/v/t51.2885-15/"
PROFILE_PREFIX = "/v/t51.2885-19/"


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


def _image(body: bytes) -> Response:
    return Response(body, media_type="image/jpeg", headers={"Cache-Control": "max-age=1209600"})


async def story_media(request: Request) -> Response:
    sim: Simulator = request.app.state.sim
    story_id = request.path_params["story_id"]
    path = f"{STORY_PREFIX}{story_id}_n.jpg"
    refusal = sim.store.urls.refusal(
        path, request.query_params.get("oh"), request.query_params.get("oe")
    )
    story = sim.store.stories.get(story_id)
    if story is None:
        return PlainTextResponse("Not Found", status_code=404)
    if refusal:
        return PlainTextResponse(refusal, status_code=403)
    owner = sim.store.users[story.owner_igsid]
    key = f"story:{story.id}"
    return _image(
        sim.media.get(key, lambda: story_image(story.text, owner.username, story.background))
    )


async def profile_media(request: Request) -> Response:
    sim: Simulator = request.app.state.sim
    owner_id = request.path_params["owner_id"]
    path = f"{PROFILE_PREFIX}{owner_id}_n.jpg"
    refusal = sim.store.urls.refusal(
        path, request.query_params.get("oh"), request.query_params.get("oe")
    )
    business = sim.store.business
    if owner_id == business.ig_id:
        name = business.name
    elif owner_id in sim.store.users:
        name = sim.store.users[owner_id].name
    else:
        return PlainTextResponse("Not Found", status_code=404)
    if refusal:
        return PlainTextResponse(refusal, status_code=403)
    return _image(sim.media.get(f"avatar:{owner_id}", lambda: avatar_image(name, owner_id)))


def cdn_routes() -> list[Route]:
    return [
        Route(STORY_PREFIX + "{story_id}_n.jpg", story_media),
        Route(PROFILE_PREFIX + "{owner_id}_n.jpg", profile_media),
    ]
