"""Which device the test user acts from: instagram.com (these pages) or the phone app.

Meta's webhooks are the same from both, except for unsends: the integration guide received the
``is_deleted`` webhook only when the user unsent from the phone app, never from the website
(``SimulatorConfig.unsend_clients``). The reviewer's step 13 is done on the phone app.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from simulator.user_ui.pages import DEVICES, UiState, current_user, safe_next, url


async def switch(ui: UiState, request: Request) -> Response:
    """POST /settings/device/ (form ``device`` = web|app, ``next``): act from that device."""
    form = await request.form()
    device = str(form.get("device", ""))
    next_path = safe_next(request, str(form.get("next") or ""))
    if current_user(ui, request) is None:
        return RedirectResponse(url(request, "/accounts/login/", next=next_path), 303)
    if device not in DEVICES:
        return JSONResponse({"error": f"device must be one of {sorted(DEVICES)}"}, 400)
    if "application/json" in request.headers.get("accept", ""):
        response: Response = JSONResponse({"device": device, "label": DEVICES[device]})
    else:
        response = RedirectResponse(next_path, status_code=303)
    ui.signer.write(response, request, {**ui.signer.read(request), "device": device})
    return response
