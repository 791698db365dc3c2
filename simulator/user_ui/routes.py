"""The routes of the user pages, relative to their mount point (``/instagram``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from simulator.user_ui import auth, device, direct, live, profile, stories
from simulator.user_ui.pages import HERE, UiState, device_of
from simulator.user_ui.session import SessionSigner


def user_ui_routes(*, session_secret: str | None = None) -> list[BaseRoute]:
    """Routes for ``Mount("/instagram", routes=user_ui_routes())``; handlers use ``app.state.sim``.

    Each call gets its own session secret (random unless given) and story shelf.
    """
    ui = UiState(signer=SessionSigner(session_secret))
    get, post = ["GET"], ["POST"]

    def route(path: str, handler, methods: list[str], name: str) -> Route:
        async def endpoint(request: Request) -> Response:
            request.scope["ig_device"] = device_of(ui, request)  # the pages' chrome shows it
            return await handler(ui, request)

        return Route(path, endpoint, methods=methods, name=f"ig_{name}")

    return [
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="ig_static"),
        route("/", profile.home, get, "home"),
        route("/accounts/login/", auth.login_page, get, "login"),
        route("/accounts/login/", auth.login_submit, post, "login_submit"),
        route("/accounts/onetap/", auth.onetap_page, get, "onetap"),
        route("/accounts/onetap/", auth.onetap_submit, post, "onetap_submit"),
        route("/accounts/logout/", auth.logout, post, "logout"),
        route("/direct/inbox/", direct.inbox, get, "inbox"),
        route("/direct/t/{thread_id}/", direct.thread_page, get, "thread"),
        route("/direct/t/{thread_id}/send", direct.send, post, "send"),
        route("/direct/t/{thread_id}/unsend", direct.unsend, post, "unsend"),
        route("/direct/t/{thread_id}/quick_reply", direct.quick_reply, post, "quick_reply"),
        route("/direct/t/{thread_id}/postback", direct.postback, post, "postback"),
        route("/direct/t/{thread_id}/events", live.events, get, "thread_events"),
        route("/direct/t/{thread_id}/media", direct.media, post, "media"),
        route("/direct/t/{thread_id}/react", direct.react, post, "react"),
        route("/direct/t/{thread_id}/seen", direct.seen, post, "seen"),
        route("/direct/t/{thread_id}/share", direct.share, post, "share"),
        route("/settings/device/", device.switch, post, "device"),
        route("/stories/create/", stories.create_page, get, "story_create"),
        route("/stories/create/", stories.create_submit, post, "story_submit"),
        route("/stories/{username}/{story_id}/", stories.viewer, get, "story"),
        route("/stories/{username}/{story_id}/reply", stories.reply, post, "story_reply"),
        route("/{username}/", profile.profile, get, "profile"),
        route("/{username}/follow", profile.follow, post, "follow"),
        route("/{path:path}", profile.missing, get, "missing"),
    ]
