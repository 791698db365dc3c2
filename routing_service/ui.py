"""HTML pages: the agent login and the console (templates and static files under ``ui/``)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from routing_service.auth import SESSION_KEY, authenticate, current_agent

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
    return templates.TemplateResponse(request, "login.html", {"error": None, "login": ""})


async def login(request: Request) -> Response:
    """Form ``login`` + ``password``: 303 to the console, or the page again with 401."""
    async with request.form(max_files=0, max_fields=10) as form:
        login_value = form.get("login")
        password = form.get("password")
    login_text = login_value if isinstance(login_value, str) else ""
    agent = None
    if login_text and isinstance(password, str) and password:
        agent = authenticate(request.app.state.store, login_text, password)
    if agent is None:
        context = {"error": "Invalid login or password", "login": login_text}
        return templates.TemplateResponse(request, "login.html", context, status_code=401)
    request.session.clear()
    request.session[SESSION_KEY] = agent.id
    return RedirectResponse("/console", status_code=303)


async def logout(request: Request) -> Response:
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
