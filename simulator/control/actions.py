"""The `/_sim` routes for everything else a user (or the business, outside the app) does in
Direct, each causing the webhook Meta sends for it (docs/meta-platform.md section 1.1).

Every route answers what a test needs next (the new `mid`, the story id, ...) and 4xx
`{"error":{"reason"}}` for bad input, like the rest of the control API (`simulator/control/`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.bulk import BulkPlan, run_bulk
from simulator.contract import control as api
from simulator.control.common import ControlError, body_of, call, endpoint, route, string, user_of

if TYPE_CHECKING:
    from simulator.service import Simulator
    from simulator.state.models import ThreadMessage


def _sent(msg: ThreadMessage) -> dict[str, Any]:
    return {"mid": msg.mid, "timestamp": msg.timestamp, "attachments": msg.attachments}


def _client(body: dict[str, Any]) -> str:
    return string(body, "client", default="app")


@endpoint
async def send_media(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"kind": "image"|"video"|"audio"|"file", "caption"?}``: drawn on the photo or file."""
    user = user_of(request, sim)
    body = await body_of(request)
    kind = string(body, "kind", required=True)
    caption = string(body, "caption", default="")
    return _sent(call(lambda: sim.send_media(user, kind, caption=caption, client=_client(body))))


@endpoint
async def share(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"type": "post"|"reel", "title"}``: a post (``ig_post``) or reel (``ig_reel``);
    ``{"type": "post", "media_id"}``: one of the business's posts (``GET /_sim/state``)."""
    user = user_of(request, sim)
    body = await body_of(request)
    kind = string(body, "type", default="post")
    media_id = string(body, "media_id")
    client = _client(body)
    if kind not in ("post", "reel"):
        raise ControlError(400, "'type' must be 'post' or 'reel'")
    if kind == "post" and media_id is not None:
        return _sent(call(lambda: sim.share_post(user, media_id=media_id, client=client)))
    title = string(body, "title", required=True)
    action = sim.share_post if kind == "post" else sim.share_reel
    return _sent(call(lambda: action(user, title=title, client=client)))


@endpoint
async def story_reply(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"text", "story_id"?}``: a reply to the business's story (default: its newest)."""
    user = user_of(request, sim)
    body = await body_of(request)
    text = string(body, "text", required=True)
    story_id = string(body, "story_id")
    if story_id is None:
        stories = sim.store.business_stories()
        if not stories:
            raise ControlError(409, f"@{sim.business.username} has no story to reply to")
        story_id = stories[0].id
    msg = call(lambda: sim.reply_to_story(user, story_id, text, client=_client(body)))
    return {**_sent(msg), "story_id": story_id}


@endpoint
async def inline_reply(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"text"}``: an inline reply to the message ``{mid}`` (``reply_to.mid``)."""
    user = user_of(request, sim)
    body = await body_of(request)
    text = string(body, "text", required=True)
    mid = request.path_params["mid"]
    return _sent(call(lambda: sim.reply_inline(user, mid, text, client=_client(body))))


@endpoint
async def edit(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"text"}``: the user edits their message ``{mid}``; Instagram tells the app nothing."""
    user = user_of(request, sim)
    body = await body_of(request)
    text = string(body, "text", required=True)
    mid = request.path_params["mid"]
    msg = call(lambda: sim.edit(user, mid, text, client=_client(body)))
    return {"mid": msg.mid, "text": msg.text, "edits": msg.edits, "webhook": False}


@endpoint
async def react(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"reaction": "love"|...}`` reacts to ``{mid}``; ``{"reaction": null}`` unreacts."""
    user = user_of(request, sim)
    body = await body_of(request)
    if "reaction" not in body:
        raise ControlError(400, "'reaction' is required (null takes the reaction back)")
    reaction = string(body, "reaction")
    mid = request.path_params["mid"]
    emoji = string(body, "emoji")
    call(lambda: sim.react(user, mid, reaction, emoji=emoji, client=_client(body)))
    return {"mid": mid, "reaction": reaction}


@endpoint
async def read(request: Request, sim: Simulator) -> dict[str, Any]:
    """The user opens the thread: ``read`` of the business's newest message."""
    user = user_of(request, sim)
    body = await body_of(request)
    mid, sent = call(lambda: sim.read(user, client=_client(body)))
    return {"mid": mid, "webhook": sent}


@endpoint
async def postback(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"title", "payload"}``: a tapped ice breaker, menu item, Get Started or button."""
    user = user_of(request, sim)
    body = await body_of(request)
    title = string(body, "title", required=True)
    payload = string(body, "payload", required=True)
    msg = call(lambda: sim.postback(user, title=title, payload=payload, client=_client(body)))
    return _sent(msg)


@endpoint
async def referral(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"ref"}``: the user follows an ig.me link into the thread (``messaging_referral``);
    ``{"ad_id", "ad_title", "text"}``: the user writes from a click-to-Direct ad."""
    user = user_of(request, sim)
    body = await body_of(request)
    client = _client(body)
    ad_id = string(body, "ad_id")
    if ad_id is None:
        ref = string(body, "ref", required=True)
        return {"mid": call(lambda: sim.follow_link(user, ref=ref, client=client))}
    text = string(body, "text", required=True)
    title = string(body, "ad_title", default="Our offer")
    return _sent(call(lambda: sim.click_ad(user, text, ad_id=ad_id, ad_title=title, client=client)))


@endpoint
async def thread_owner(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"owner": "us"|"other_app"}``: another app takes the thread (events then arrive on
    ``standby``) or gives it back (handover protocol) [IMWH]."""
    user = user_of(request, sim)
    owner = string(await body_of(request), "owner", required=True)
    if owner not in ("us", "other_app"):
        raise ControlError(400, "'owner' must be 'us' or 'other_app'")
    sim.set_thread_owner(user, ours=owner == "us")
    return {"igsid": user.igsid, "owner": owner}


@endpoint
async def business_reply(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"text"}``: someone answers from the Instagram app itself, not through the app under
    test; it sees the reply only as an echo [MPWH]."""
    user = user_of(request, sim)
    text = string(await body_of(request), "text", required=True)
    if not text.strip():
        raise ControlError(400, "'text' must not be empty")
    return _sent(call(lambda: sim.business_send(user, text=text, client="app")))


@endpoint
async def business_story(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"text", "background"?}``: the business posts a story users can reply to."""
    body = await body_of(request)
    text = string(body, "text", required=True)
    background = string(body, "background", default="ocean")
    story = call(lambda: sim.post_business_story(text, background=background))
    return {"story_id": story.id, "url": story.url}


@endpoint
async def dashboard_test(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"field"?}``: the App Dashboard's "Test" button (a sample ``changes`` body)."""
    field = string(await body_of(request), "field", default="messages")
    if sim.store.app.subscription is None:
        raise ControlError(409, "the app has no webhook subscription to test")
    return (await sim.dashboard_test(field)).to_dict()


def _whole(body: dict[str, Any], key: str, default: int) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ControlError(400, f"'{key}' must be a whole number")
    return value


@endpoint
async def bulk(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"users": N, "messages": M, "seed"?, "igsids"?, "scripts"?, "order"?, "client"?,
    "template"?}``: N new users (plus the existing ``igsids``) send M messages each."""
    body = await body_of(request)
    igsids = body.get("igsids", [])
    if not isinstance(igsids, list) or not all(isinstance(i, str) for i in igsids):
        raise ControlError(400, "'igsids' must be a list of strings")
    plan = BulkPlan(
        users=_whole(body, "users", 0),
        igsids=igsids,
        messages=_whole(body, "messages", 1),
        seed=_whole(body, "seed", sim.store.seed),
        scripts=string(body, "scripts", default="latin"),
        order=string(body, "order", default="round_robin"),
        client=string(body, "client", default="web"),
        template=string(body, "template"),
    )
    try:
        return await run_bulk(sim, plan)
    except KeyError as exc:
        raise ControlError(404, str(exc.args[0])) from exc
    except ValueError as exc:
        raise ControlError(400, str(exc)) from exc


def routes() -> list[Route]:
    return [
        route(send_media, api.SEND_MEDIA),
        route(share, api.SHARE),
        route(story_reply, api.STORY_REPLY),
        route(inline_reply, api.INLINE_REPLY),
        route(react, api.REACTION),
        route(edit, api.EDIT),
        route(read, api.READ),
        route(postback, api.POSTBACK),
        route(referral, api.REFERRAL),
        route(thread_owner, api.THREAD_OWNER),
        route(business_reply, api.BUSINESS_REPLY),
        route(business_story, api.BUSINESS_STORY),
        route(dashboard_test, api.DASHBOARD_TEST),
        route(bulk, api.BULK),
    ]
