"""The `/_sim` routes of the simulated Instagram users: create one, write, post a story, unsend,
read the thread (each causing the webhook Meta sends for it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.contract import control as api
from simulator.control.common import ControlError, body_of, call, endpoint, route, string, user_of

if TYPE_CHECKING:
    from simulator.service import Simulator


@endpoint
async def create_user(request: Request, sim: Simulator) -> dict[str, Any]:
    body = await body_of(request)
    kwargs = {k: string(body, k) for k in ("name", "username", "password")}
    role = string(body, "role", default="tester")
    return call(lambda: sim.create_user(role=role, **kwargs)).to_dict()


@endpoint
async def send_message(request: Request, sim: Simulator) -> dict[str, Any]:
    user = user_of(request, sim)
    body = await body_of(request)
    text = string(body, "text", required=True)
    client = string(body, "client", default="web")
    quick_reply = string(body, "quick_reply")  # the payload of the quick reply tapped
    msg = call(lambda: sim.send_text(user, text, client=client, quick_reply=quick_reply))
    return {"mid": msg.mid, "timestamp": msg.timestamp}


@endpoint
async def post_story(request: Request, sim: Simulator) -> dict[str, Any]:
    user = user_of(request, sim)
    body = await body_of(request)
    text = string(body, "text", required=True)
    background = string(body, "background", default="sunset")
    client = string(body, "client", default="web")
    story = call(lambda: sim.post_story(user, text, background=background, client=client))
    return {
        "story_id": story.id,
        "url": story.url,
        "mentions": story.mentions,
        "mention_mid": story.mention_mid,
    }


@endpoint
async def unsend(request: Request, sim: Simulator) -> dict[str, Any]:
    user = user_of(request, sim)
    client = string(await body_of(request), "client", default="app")  # the phone app, by default
    mid = request.path_params["mid"]
    msg = call(lambda: sim.unsend(user, mid, client=client))
    return {
        "mid": msg.mid,
        "is_deleted": msg.is_deleted,
        "webhook": sim.unsend_sends_webhook(client),
    }


@endpoint
async def follow(request: Request, sim: Simulator) -> dict[str, Any]:
    user = user_of(request, sim)
    following = (await body_of(request)).get("following")
    if not isinstance(following, bool):
        raise ControlError(400, "'following' must be true or false")
    sim.follow_business(user, following=following)
    return {"igsid": user.igsid, "following": following}


@endpoint
async def thread(request: Request, sim: Simulator) -> dict[str, Any]:
    user = user_of(request, sim)
    return {"thread_id": user.thread_id, "messages": [m.to_dict() for m in sim.thread(user)]}


def routes() -> list[Route]:
    return [
        route(create_user, api.CREATE_USER),
        route(send_message, api.SEND_TEXT),
        route(post_story, api.POST_STORY),
        route(unsend, api.UNSEND),
        route(follow, api.FOLLOW),
        route(thread, api.THREAD),
    ]
