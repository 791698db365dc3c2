"""The story editor and viewer: a text story on a gradient, which can mention the business."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from simulator.media import BACKGROUNDS as MEDIA_BACKGROUNDS
from simulator.user_ui.pages import (
    UiState,
    current_user,
    login_redirect,
    not_found,
    render,
    sim_of,
    url,
)


def _css(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> str:
    return f"linear-gradient(180deg, rgb{top} 0%, rgb{bottom} 100%)"


# name -> (label, CSS gradient): the preview matches the image the simulator's CDN draws.
BACKGROUNDS: dict[str, tuple[str, str]] = {
    name: (name.capitalize(), _css(*colours)) for name, colours in MEDIA_BACKGROUNDS.items()
}
MAX_STORY_CHARS = 2200


def _editor(
    request: Request,
    user: Any,
    *,
    text: str = "",
    background: str = "sunset",
    error: str = "",
    status: int = 200,
) -> Response:
    context = {"backgrounds": BACKGROUNDS, "text": text, "background": background, "error": error}
    return render(request, "story_create.html", context, user=user, status_code=status)


async def create_page(ui: UiState, request: Request) -> Response:
    """GET /stories/create/."""
    user = current_user(ui, request)
    if user is None:
        return login_redirect(request)
    return _editor(request, user)


async def create_submit(ui: UiState, request: Request) -> Response:
    """POST /stories/create/: ``sim.post_story(..., client="web")`` then 303 to the viewer."""
    user = current_user(ui, request)
    if user is None:
        return RedirectResponse(url(request, "/accounts/login/", next=request.url.path), 303)
    form = await request.form()
    text = str(form.get("text", ""))
    background = str(form.get("background") or "sunset")
    keep = {"text": text[:MAX_STORY_CHARS], "background": background}
    if background not in BACKGROUNDS:
        return _editor(
            request,
            user,
            error="Pick one of the backgrounds.",
            status=400,
            **{**keep, "background": "sunset"},
        )
    if not text.strip():
        return _editor(request, user, error="Add some text to your story.", status=400, **keep)
    if len(text) > MAX_STORY_CHARS:
        message = f"Stories can have at most {MAX_STORY_CHARS} characters."
        return _editor(request, user, error=message, status=400, **keep)
    try:
        story = sim_of(request).post_story(user, text, background=background, client="web")
    except ValueError as exc:
        return _editor(request, user, error=f"Couldn't share: {exc}", status=400, **keep)
    return RedirectResponse(url(request, f"/stories/{user.username}/{story.id}/"), 303)


async def viewer(ui: UiState, request: Request) -> Response:
    """GET /stories/{username}/{story_id}/: the user's own story, looked up in the simulator
    (`sim.story`), so one posted through the control API shows too and `reset` removes it."""
    user = current_user(ui, request)
    if user is None:
        return login_redirect(request)
    sim = sim_of(request)
    try:
        story = sim.story(request.path_params["story_id"])
    except KeyError:
        return not_found(request, user)
    if story.owner_igsid != user.igsid or request.path_params["username"] != user.username:
        return not_found(request, user)
    mentioned = sim.business.username.lower() in story.mentions
    context = {"story": story, "mentioned_business": mentioned}
    return render(request, "story_view.html", context, user=user)
