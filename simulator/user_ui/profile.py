"""The business's profile page and the pages that are not there."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from simulator.user_ui.pages import (
    UiState,
    current_user,
    not_found,
    profile_url,
    render,
    sim_of,
    thread_id_for,
    url,
)


def compact(n: int) -> str:
    """Instagram's short counts: 987, 12.4K, 3.1M."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M".replace(".0M", "M")
    if n >= 10_000:
        return f"{n / 1_000:.1f}K".replace(".0K", "K")
    return f"{n:,}"


def counts(username: str) -> dict[str, str]:
    """Made-up but deterministic posts/followers/following for a username."""
    h = int(hashlib.sha256(username.encode()).hexdigest(), 16)
    return {
        "posts": compact(24 + h % 300),
        "followers": compact(2_000 + (h >> 16) % 180_000),
        "following": compact(40 + (h >> 40) % 400),
    }


async def home(ui: UiState, request: Request) -> Response:
    """GET /: the simulated Instagram has one page worth visiting."""
    return RedirectResponse(profile_url(request), status_code=303)


async def profile(ui: UiState, request: Request) -> Response:
    """GET /{username}/: the business profile, or 404 for anyone else."""
    sim = sim_of(request)
    user = current_user(ui, request)
    business: Any = sim.business
    username = request.path_params["username"].lower()
    if username != business.username.lower():
        return not_found(request, user)
    stories = sim.store.business_stories()
    context: dict[str, Any] = {
        "counts": counts(business.username),
        "posts": sim.store.post_list(),
        "enter_url": url(request, "/accounts/login/", next=request.url.path),
    }
    if user is not None:
        thread = url(request, f"/direct/t/{thread_id_for(sim, user)}/")
        context["thread_url"] = thread
        context["follow_url"] = url(request, f"/{business.username}/follow")
        context["following"] = user.follows_business
        context["share_url"] = thread + "share"
        context["story_url"] = url(request, "/stories/create/")
        if stories:
            story_path = f"/stories/{business.username}/{stories[0].id}/"
            context["business_story_url"] = url(request, story_path)
    return render(request, "profile.html", context, user=user)


async def follow(ui: UiState, request: Request) -> Response:
    """POST /{username}/follow: the logged-in user follows the business (or stops)."""
    sim = sim_of(request)
    user = current_user(ui, request)
    if user is None or request.path_params["username"].lower() != sim.business.username.lower():
        return not_found(request, user)
    form = await request.form()
    sim.follow_business(user, following=form.get("following", "true") != "false")
    return RedirectResponse(profile_url(request), status_code=303)


async def missing(ui: UiState, request: Request) -> Response:
    """Any other GET under the mount: add the missing trailing slash, else the 404 page."""
    path = request.url.path
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(path + "/" + query, status_code=307)
    return not_found(request, current_user(ui, request))
