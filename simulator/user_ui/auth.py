"""Log in, "Save your login information?" and log out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from simulator.user_ui.pages import UiState, current_user, render, safe_next, sim_of, url

WRONG_PASSWORD = "Sorry, your password was incorrect. Please double-check your password."
MISSING_FIELDS = "Enter your username and password to log in."


async def login_page(ui: UiState, request: Request) -> Response:
    """GET /accounts/login/?next=..."""
    next_path = safe_next(request, request.query_params.get("next"))
    return render(request, "login.html", {"next": next_path}, user=current_user(ui, request))


async def login_submit(ui: UiState, request: Request) -> Response:
    """POST /accounts/login/: 303 to the save-login prompt, or the form again with an error."""
    form = await request.form()
    username = str(form.get("username", "")).strip().lstrip("@")
    password = str(form.get("password", ""))
    next_path = safe_next(request, str(form.get("next") or request.query_params.get("next", "")))
    context = {"next": next_path, "username": username}
    if not username or not password:
        return render(request, "login.html", {**context, "error": MISSING_FIELDS}, status_code=400)
    user = sim_of(request).authenticate(username, password)
    if user is None:
        return render(request, "login.html", {**context, "error": WRONG_PASSWORD}, status_code=401)
    response = RedirectResponse(url(request, "/accounts/onetap/", next=next_path), status_code=303)
    ui.signer.write(response, request, {"igsid": user.igsid})
    return response


async def onetap_page(ui: UiState, request: Request) -> Response:
    """GET /accounts/onetap/?next=...: the "Save your login information?" prompt."""
    user = current_user(ui, request)
    next_path = safe_next(request, request.query_params.get("next"))
    if user is None:
        return RedirectResponse(url(request, "/accounts/login/", next=next_path), status_code=303)
    return render(request, "onetap.html", {"next": next_path}, user=user)


async def onetap_submit(ui: UiState, request: Request) -> Response:
    """POST /accounts/onetap/: **Save info** and **Not now** both continue to ``next``."""
    form = await request.form()
    next_path = safe_next(request, str(form.get("next") or request.query_params.get("next", "")))
    response = RedirectResponse(next_path, status_code=303)
    user = current_user(ui, request)
    if user is not None:
        saved = form.get("choice") == "save"
        session = {**ui.signer.read(request), "igsid": user.igsid, "saved_login": saved}
        ui.signer.write(response, request, session)
    return response


async def logout(ui: UiState, request: Request) -> Response:
    """POST /accounts/logout/."""
    response = RedirectResponse(url(request, f"/{sim_of(request).business.username}/"), 303)
    ui.signer.clear(response, request)
    return response
