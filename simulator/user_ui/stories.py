"""The story editor and viewer: a text story on a gradient, which can mention the business."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from simulator.media import BACKGROUNDS as MEDIA_BACKGROUNDS
from simulator.user_ui.messages import validate_text
from simulator.user_ui.pages import (
    UiState,
    current_user,
    device_of,
    login_redirect,
    not_found,
    render,
    sim_of,
    thread_id_for,
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
    """POST /stories/create/: ``sim.post_story`` from the user's device, then the viewer."""
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
        client = device_of(ui, request)
        story = sim_of(request).post_story(user, text, background=background, client=client)
    except ValueError as exc:
        return _editor(request, user, error=f"Couldn't share: {exc}", status=400, **keep)
    return RedirectResponse(url(request, f"/stories/{user.username}/{story.id}/"), 303)


async def viewer(ui: UiState, request: Request) -> Response:
    """GET /stories/{username}/{story_id}/: the user's own story, or the business's (which
    every user sees and can reply to), looked up in the simulator (`sim.story`), so one posted
    through the control API shows too and `reset` removes it."""
    user = current_user(ui, request)
    if user is None:
        return login_redirect(request)
    sim = sim_of(request)
    story = _story(request, user)
    if story is None:
        return not_found(request, user)
    if story.owner_igsid == sim.business.ig_id:
        return _business_story(request, user, story)
    mentioned = sim.business.username.lower() in story.mentions
    context = {"story": story, "mentioned_business": mentioned}
    return render(request, "story_view.html", context, user=user)


def _story(request: Request, user: Any) -> Any | None:
    """The story of the URL when this user may see it: their own, or the business's."""
    sim = sim_of(request)
    try:
        story = sim.story(request.path_params["story_id"])
    except KeyError:
        return None
    owner = request.path_params["username"]
    if story.owner_igsid == user.igsid and owner == user.username:
        return story
    if story.owner_igsid == sim.business.ig_id and owner == sim.business.username:
        return story
    return None


def _business_story(
    request: Request, user: Any, story: Any, *, error: str = "", draft: str = "", status: int = 200
) -> Response:
    sim = sim_of(request)
    context = {
        "story": story,
        "thread_url": url(request, f"/direct/t/{thread_id_for(sim, user)}/"),
        "reply_url": url(request, f"/stories/{sim.business.username}/{story.id}/reply"),
        "sent": request.query_params.get("sent") == "1",
        "error": error,
        "draft": draft,
    }
    return render(request, "story_business.html", context, user=user, status_code=status)


async def reply(ui: UiState, request: Request) -> Response:
    """POST /stories/{business}/{story_id}/reply (form ``text``): a reply to the business's
    story, sent to its Direct thread with ``reply_to.story`` [IGEX]."""
    user = current_user(ui, request)
    if user is None:
        return RedirectResponse(url(request, "/accounts/login/", next=request.url.path), 303)
    story = _story(request, user)
    sim = sim_of(request)
    if story is None or story.owner_igsid != sim.business.ig_id:
        return not_found(request, user)
    text = str((await request.form()).get("text", ""))
    problem = validate_text(text)
    if problem:
        return _business_story(request, user, story, error=problem, draft=text, status=400)
    sim.reply_to_story(user, story.id, text, client=device_of(ui, request))
    here = f"/stories/{sim.business.username}/{story.id}/"
    return RedirectResponse(url(request, here, sent="1"), status_code=303)
