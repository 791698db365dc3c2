"""Shared plumbing of the user pages: templates, URLs, the logged-in user, error pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from simulator.contract.tables import REACTIONS
from simulator.user_ui import messages
from simulator.user_ui.session import SessionSigner

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


@dataclass
class UiState:
    """Per-app state of the pages: the session signer. Everything else is the simulator's."""

    signer: SessionSigner = field(default_factory=SessionSigner)


def sim_of(request: Request) -> Any:
    """The ``Simulator`` facade (architecture.md §1.4)."""
    return request.app.state.sim


def base(request: Request) -> str:
    """The mount prefix of the pages, e.g. ``/instagram``."""
    return request.scope.get("root_path", "").rstrip("/")


def url(request: Request, path: str, **query: str) -> str:
    """An absolute path under the mount prefix, with an optional query string."""
    query_string = urlencode({k: v for k, v in query.items() if v})
    return base(request) + path + (f"?{query_string}" if query_string else "")


def profile_url(request: Request) -> str:
    """The business profile, the default landing page."""
    return url(request, f"/{sim_of(request).business.username}/")


def safe_next(request: Request, candidate: str | None) -> str:
    """``candidate`` when it is a local path, else the business profile (no open redirects)."""
    if candidate and candidate.startswith("/") and not candidate.startswith(("//", "/\\")):
        parts = urlsplit(candidate)
        if not parts.scheme and not parts.netloc and candidate.isprintable():
            return candidate
    return profile_url(request)


def thread_id_for(sim: Any, user: Any) -> str:
    """The id of ``user``'s Direct thread with the business (the simulator assigns it)."""
    return str(user.thread_id)


DEVICES = {"web": "instagram.com", "app": "Instagram app"}


def device_of(ui: UiState, request: Request) -> str:
    """Where the test user is acting from: ``web`` (these pages as instagram.com, the default)
    or ``app`` (as the phone app). It decides the ``client`` of every action, and so which
    unsends reach the app (the integration guide saw them only from the phone app)."""
    device = ui.signer.read(request).get("device")
    return device if device in DEVICES else "web"


def current_user(ui: UiState, request: Request) -> Any | None:
    """The logged-in test user, or None (also when the simulator no longer knows them)."""
    igsid = ui.signer.read(request).get("igsid")
    if not isinstance(igsid, str):
        return None
    try:
        return sim_of(request).user(igsid)
    except KeyError:
        return None


def login_redirect(request: Request) -> RedirectResponse:
    """Send a logged-out visitor to the login page, coming back here afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(url(request, "/accounts/login/", next=here), status_code=303)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    user: Any | None = None,
    status_code: int = 200,
) -> Response:
    """Render a page with the chrome's context (mount prefix, business, logged-in user)."""
    sim = sim_of(request)
    page: dict[str, Any] = {"base": base(request), "business": sim.business, "me": user}
    page["device"] = request.scope.get("ig_device", "web")
    page["devices"] = DEVICES
    page.update(context or {})
    return templates.TemplateResponse(request, name, page, status_code=status_code)


def not_found(request: Request, user: Any | None = None) -> Response:
    """Instagram's "page isn't available" page, HTTP 404."""
    return render(request, "not_found.html", user=user, status_code=404)


def error_page(request: Request, status: int, detail: str) -> Response:
    """An HTML page for a request the pages cannot serve (bad form body, wrong method)."""
    context = {"status": status, "detail": detail}
    return render(request, "error.html", context, status_code=status)


def render_bubble(request: Request, message: Any) -> str:
    """The HTML of one ``[data-testid=dm-message]`` bubble (the page, JSON and SSE share it)."""
    sim = sim_of(request)
    replied = sim.store.messages_by_mid.get(message.reply_to) if message.reply_to else None
    quoted = (replied.text or "an attachment") if replied else None
    return templates.get_template("_message.html").render(
        m=messages.view(message, quoted),
        base=base(request),
        business_username=sim.business.username,
    )


REACTION_CHOICES = tuple(  # what the reaction bar offers, as Instagram's quick reactions
    (name, REACTIONS[name]) for name in ("love", "laugh", "wow", "sad", "angry", "like")
)
templates.env.globals["reactions"] = REACTION_CHOICES  # every bubble, in pages and JSON
