"""``GET /{v}/{node}``: whatever the id names, as Graph resolves it, and the conversation edges.

- ``me``, the IG_ID or the app-scoped id: the business account (profiles.py);
- an IGSID: that user's profile [IGPROF] (consent rule in profiles.py);
- a conversation id: the conversation [IGCONV]; a mid: the message node [IGCONV][STORY];
- ``GET /{v}/me/conversations`` (``platform=instagram``; ``user_id``) and
  ``GET /{v}/{conversation-id}/messages``.
Anything else: 100/33.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import conversations as conv
from simulator.backend.fields import Field, parse
from simulator.backend.tokens import BASIC, MANAGE_MESSAGES, require_scopes
from simulator.errors import InvalidParameter, UnsupportedRequest
from simulator.graph import pages, profiles
from simulator.graph.common import graph_endpoint, params
from simulator.graph.tokens import account_token
from simulator.ids import Ids
from simulator.state.models import IgUser

if TYPE_CHECKING:
    from simulator.service import Simulator


def _business(sim: Simulator) -> dict[str, str]:
    return {"username": sim.business.username, "id": sim.business.ig_id}


def _next_url(request: Request, query: dict[str, str]) -> Any:
    def build(after: str) -> str:
        kept = {k: v for k, v in query.items() if k not in ("after", "access_token")}
        return f"{request.url.replace(query='')}?{urlencode({**kept, 'after': after})}"

    return build


def _user_of(sim: Simulator, conversation_id: str) -> IgUser | None:
    igsid = sim.store.conversations.get(conversation_id)
    return sim.store.users.get(igsid) if igsid else None


def _messages_page(
    sim: Simulator, request: Request, user: IgUser, item: Field, query: dict[str, str]
) -> dict[str, Any]:
    messages = conv.readable(sim.thread(user))
    asked = list(item.subfields or ())
    return conv.page(
        messages,
        limit=item.limit or conv.limit_of(query.get("limit")),
        after=query.get("after"),
        render=lambda m: conv.message_view(m, user, _business(sim), sim.store.stories, asked),
        next_url=_next_url(request, query),
    )


@graph_endpoint
async def node(request: Request, sim: Simulator) -> dict[str, Any]:
    token = await account_token(request, sim, BASIC)
    node_id = request.path_params["node"]
    query = await params(request)
    asked = parse(query.get("fields"))
    if sim.business.flavour == "facebook":
        found = pages.facebook_node(sim, node_id, token, asked)
        if found is not None:
            return found
    elif node_id in sim.business.nodes():
        return profiles.account(sim, asked)
    user = sim.store.users.get(node_id)
    if user is not None:
        require_scopes(token, MANAGE_MESSAGES)  # [IGPROF] basic + manage_messages
        return profiles.user(sim, user, asked)
    require_scopes(token, MANAGE_MESSAGES)
    user = _user_of(sim, node_id)
    if user is not None or node_id in sim.store.messages_by_mid:
        sim.rate_limits.charge("conversations", sim.clock.now_ms())  # [IGOV] 2 calls/s
    if user is not None:
        thread = sim.thread(user)
        return conv.conversation_view(
            node_id,
            user,
            thread,
            _business(sim),
            asked,
            lambda item: _messages_page(sim, request, user, item, query),
        )
    message = sim.store.messages_by_mid.get(node_id)
    if message is not None:
        owner = sim.store.users[message.sender_id if message.from_user else message.recipient_id]
        if message not in conv.readable(sim.thread(owner)):
            raise conv.MessageDeleted()
        return conv.message_view(message, owner, _business(sim), sim.store.stories, asked)
    raise UnsupportedRequest("GET", node_id)


@graph_endpoint
async def conversations(request: Request, sim: Simulator) -> dict[str, Any]:
    """``GET /me/conversations?platform=instagram`` [IGCONV], newest first."""
    await account_token(request, sim, MANAGE_MESSAGES)
    if request.path_params["node"] not in sim.business.nodes():
        raise UnsupportedRequest("GET", request.path_params["node"])
    query = await params(request)
    if query.get("platform") != "instagram":
        raise InvalidParameter("The parameter platform is required and must be instagram")
    sim.rate_limits.charge("conversations", sim.clock.now_ms())  # [IGOV] 2 calls/s
    asked = parse(query.get("fields"))
    users = [u for u in sim.users() if sim.thread(u)]
    wanted = query.get("user_id")
    if wanted is not None:
        users = [u for u in users if u.igsid == wanted]
        asked = asked or [Field("id")]
    else:
        asked = asked or [Field("id"), Field("updated_time")]
    users.sort(key=lambda u: sim.thread(u)[-1].timestamp, reverse=True)

    def render(user: IgUser) -> dict[str, Any]:
        return conv.conversation_view(
            Ids.conversation_id(sim.business.ig_id, user.igsid),
            user,
            sim.thread(user),
            _business(sim),
            asked,
            lambda item: _messages_page(sim, request, user, item, {}),
        )

    return conv.page(
        users,
        limit=conv.limit_of(query.get("limit")),
        after=query.get("after"),
        render=render,
        next_url=_next_url(request, query),
    )


@graph_endpoint
async def conversation_messages(request: Request, sim: Simulator) -> dict[str, Any]:
    """``GET /{conversation-id}/messages``: the edge, paged, newest first."""
    await account_token(request, sim, MANAGE_MESSAGES)
    user = _user_of(sim, request.path_params["node"])
    if user is None:
        raise UnsupportedRequest("GET", request.path_params["node"])
    sim.rate_limits.charge("conversations", sim.clock.now_ms())  # [IGOV] 2 calls/s
    query = await params(request)
    item = Field("messages", tuple(parse(query.get("fields"))) or None)
    return _messages_page(sim, request, user, item, query)


def routes() -> list[Route]:
    return [
        Route("/{version}/{node}/conversations", conversations, methods=["GET"]),
        Route("/{version}/{node}/messages", conversation_messages, methods=["GET"]),
        Route("/{version}/{node}", node, methods=["GET"]),
    ]
