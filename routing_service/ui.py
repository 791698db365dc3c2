"""HTML pages: the agent login and the console (templates and static files under ``ui/``)."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from routing_service.auth import CSRF_KEY, SESSION_TOKEN, authenticate, current_agent

__all__ = ["PRODUCT_NAME", "routes"]

PRODUCT_NAME = "Relay Contact Center"
UI_DIR = Path(__file__).with_name("ui")
templates = Jinja2Templates(directory=UI_DIR / "templates")
templates.env.globals["product_name"] = PRODUCT_NAME


async def home(request: Request) -> Response:
    target = "/console" if current_agent(request) else "/login"
    return RedirectResponse(target, status_code=303)


async def login_page(request: Request) -> Response:
    if current_agent(request):
        return RedirectResponse("/console", status_code=303)
    return _login_form(request, None, "")


def _login_form(request: Request, error: str | None, login: str, status: int = 200,
                headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    context = {"error": error, "login": login, "csrf_token": csrf_token(request)}
    return templates.TemplateResponse(
        request, "login.html", context, status_code=status, headers=headers
    )


def csrf_token(request: Request) -> str:
    """The forms' token, kept in the signed cookie (made on first use)."""
    token = request.session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = request.session[CSRF_KEY] = secrets.token_urlsafe(24)
    return token


def _csrf_ok(request: Request, sent: object) -> bool:
    expected = request.session.get(CSRF_KEY)
    return (
        isinstance(expected, str)
        and isinstance(sent, str)
        and hmac.compare_digest(expected.encode(), sent.encode())
    )


async def login(request: Request) -> Response:
    """Form ``login`` + ``password`` + ``csrf_token``: 303 to the console; the page again with
    401 (wrong), 403 (no token: reload the page) or 429 with ``Retry-After`` (too many)."""
    async with request.form(max_files=0, max_fields=10) as form:
        login_value, password, sent = (
            form.get("login"),
            form.get("password"),
            form.get("csrf_token"),
        )
    login_text = login_value.strip()[:200] if isinstance(login_value, str) else ""
    if not _csrf_ok(request, sent):
        return _login_form(request, "Your sign-in page expired: please try again", login_text, 403)
    state = request.app.state
    now, client = state.router.clock(), request.client.host if request.client else "?"
    wait_s = state.throttle.retry_after_s(login_text, client, now)
    if wait_s:
        reason = f"Too many attempts: try again in {_minutes(wait_s)}"
        return _login_form(request, reason, login_text, 429, {"Retry-After": str(wait_s)})
    agent = None
    if login_text and isinstance(password, str) and password:
        agent = await authenticate(state.store, login_text, password, state.hash_slots)
    if agent is None:
        state.throttle.failed(login_text, client, now)
        return _login_form(request, "Invalid login or password", login_text, 401)
    state.throttle.succeeded(login_text)
    await state.router.logged_in(agent)
    request.session.clear()  # a new session and form token after login (no fixation)
    request.session[SESSION_TOKEN] = state.store.open_session(agent.id, state.router.clock())
    return RedirectResponse("/console", status_code=303)


def _minutes(seconds: int) -> str:
    return f"{-(-seconds // 60)} min" if seconds >= 60 else f"{seconds} s"


async def logout(request: Request) -> Response:
    """Ends the session on the server: the old cookie no longer opens the console."""
    async with request.form(max_files=0, max_fields=5) as form:
        sent = form.get("csrf_token")
    if not _csrf_ok(request, sent):
        return RedirectResponse("/console", status_code=303)
    token = request.session.get(SESSION_TOKEN)
    agent = current_agent(request)
    if isinstance(token, str):
        request.app.state.store.close_session(token)
    if agent is not None:  # no new chats while logged out
        await request.app.state.router.logged_out(agent)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def console(request: Request) -> Response:
    agent = current_agent(request)
    if agent is None:
        return RedirectResponse("/login", status_code=303)
    router = request.app.state.router
    context = {
        "agent": agent,
        "me": router.me(agent),
        "last_seq": router.bus.last_seq,
        "unsent_policy": router.settings.unsent_policy,
        "csrf_token": csrf_token(request),
    }
    return templates.TemplateResponse(
        request, "console.html", context, headers={"Cache-Control": "no-store"}
    )


routes = [
    Route("/", home, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/console", console, methods=["GET"]),
    Mount("/static", StaticFiles(directory=UI_DIR / "static"), name="static"),
]
