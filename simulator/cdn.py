"""The `/cdn` routes serving the drawn images at Meta-CDN-looking URLs (``cdn_urls.py``).

Paths mimic Instagram's CDN (`/v/t51.2885-15/...` media, `/v/t51.2885-19/...` profile
pictures) with `oh` (signature) and `oe` (expiry, hex seconds): a URL past `oe` answers 403
"URL signature expired" like Meta's CDN, so integrations that cache URLs show it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from simulator.cdn_urls import MEDIA_PREFIX, PROFILE_PREFIX, STORY_PREFIX
from simulator.media import MEDIA_TYPES, avatar_image, media_bytes, story_image

if TYPE_CHECKING:
    from simulator.service import Simulator


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
