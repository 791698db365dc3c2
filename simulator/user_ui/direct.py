"""Instagram Direct: the test user's thread with the business, sending and unsending."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from simulator.backend.messenger_profile import for_locale
from simulator.user_ui import messages
from simulator.user_ui.live import current_seq
from simulator.user_ui.pages import (
    UiState,
    current_user,
    device_of,
    login_redirect,
    not_found,
    render,
    render_bubble,
    sim_of,
    thread_id_for,
    url,
)


def wants_json(request: Request) -> bool:
    """The page's script asks for JSON; plain form posts get redirects and pages."""
    return "application/json" in request.headers.get("accept", "")


def _thread_or_none(ui: UiState, request: Request) -> tuple[Any, Any] | None:
    user = current_user(ui, request)
    if user is None:
        return None
    return user, thread_id_for(sim_of(request), user)


async def inbox(ui: UiState, request: Request) -> Response:
    """GET /direct/inbox/: the only thread there is."""
    found = _thread_or_none(ui, request)
    if found is None:
        return login_redirect(request)
    return RedirectResponse(url(request, f"/direct/t/{found[1]}/"), status_code=303)


async def thread_page(ui: UiState, request: Request) -> Response:
    """GET /direct/t/{thread_id}/."""
    found = _thread_or_none(ui, request)
    if found is None:
        return login_redirect(request)
    user, thread_id = found
    if request.path_params["thread_id"] != thread_id:
        return not_found(request, user)
    return _render_thread(request, user, thread_id)


def _render_thread(
    request: Request,
    user: Any,
    thread_id: str,
    *,
    error: str = "",
    draft: str = "",
    status: int = 200,
) -> Response:
    sim = sim_of(request)
    seq = current_seq(sim)
    views = messages.views(sim.thread(user))
    profile = sim.store.messenger_profile
    context = {
        "ice_breakers": [] if views else for_locale(profile.get("ice_breakers", [])),
        "get_started": None if views else profile.get("get_started"),
        "menu": for_locale(profile.get("persistent_menu", [])),
        "thread_id": thread_id,
        "business_username": sim.business.username,
        "thread_url": url(request, f"/direct/t/{thread_id}/"),
        "messages": views,
        "last_seq": seq,
        "error": error,
        "draft": draft,
        "last_preview": _preview(views),
    }
    return render(request, "direct.html", context, user=user, status_code=status)


def _preview(views: list[messages.MessageView]) -> str:
    for m in reversed(views):
        if not m.deleted:
            return m.preview
    return "Say hi"


def _fail(request: Request, user: Any, thread_id: str, error: str, status: int, draft: str = ""):
    if wants_json(request):
        return JSONResponse({"error": error}, status_code=status)
    return _render_thread(request, user, thread_id, error=error, draft=draft, status=status)


async def _guard(ui: UiState, request: Request) -> tuple[Any, str] | Response:
    """The user and thread id of a POST, or the response refusing it."""
    found = _thread_or_none(ui, request)
    if found is None:
        if wants_json(request):
            return JSONResponse({"error": "Log in to continue."}, status_code=401)
        page = url(request, f"/direct/t/{request.path_params['thread_id']}/")
        return RedirectResponse(url(request, "/accounts/login/", next=page), status_code=303)
    if request.path_params["thread_id"] != found[1]:
        return not_found(request, found[0])
    return found


async def send(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/send (form ``text``, ``reply_to`` = the mid answered
    inline): ``sim.send_text`` or ``sim.reply_inline`` from the user's device."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    form = await request.form()
    text, reply_to = str(form.get("text", "")), str(form.get("reply_to", ""))
    problem = messages.validate_text(text)
    if problem:
        return _fail(request, user, thread_id, problem, 400, draft=text[: messages.MAX_TEXT_CHARS])
    sim, client = sim_of(request), device_of(ui, request)
    try:
        if reply_to:
            sent = sim.reply_inline(user, reply_to, text, client=client)
        else:
            sent = sim.send_text(user, text, client=client)
    except KeyError:
        return _fail(request, user, thread_id, "That message isn't in this chat.", 404, text)
    except ValueError as exc:
        return _fail(request, user, thread_id, f"Couldn't send: {exc}", 400, draft=text)
    if wants_json(request):
        body = {"mid": sent.mid, "html": render_bubble(request, sent)}
        return JSONResponse(body, status_code=201)
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)


async def quick_reply(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/quick_reply (``title``, ``payload``): the user taps a chip;
    its title is the message, its payload rides along [IGSEND quick replies]."""
    return await _tap(ui, request, lambda sim, user, title, payload: sim.send_text(
        user, title, client=device_of(ui, request), quick_reply=payload))  # fmt: skip


async def postback(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/postback (``title``, ``payload``): a template button."""
    return await _tap(ui, request, lambda sim, user, title, payload: sim.postback(
        user, title=title, payload=payload, client=device_of(ui, request)))  # fmt: skip


async def _tap(ui: UiState, request: Request, act: Any) -> Response:
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    form = await request.form()
    title, payload = str(form.get("title", "")), str(form.get("payload", ""))
    if not title.strip() or not payload:
        return _fail(request, user, thread_id, "That button has nothing to send.", 400)
    try:
        done = act(sim_of(request), user, title, payload)
    except ValueError as exc:
        return _fail(request, user, thread_id, f"Couldn't send: {exc}", 400)
    if wants_json(request):
        html = render_bubble(request, done) if hasattr(done, "mid") else ""
        return JSONResponse({"html": html}, status_code=201)
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)


async def unsend(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/unsend (form ``mid``): ``sim.unsend`` from the user's device;
    the answer says whether Meta told the app (``webhook``)."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    mid = str((await request.form()).get("mid", ""))
    sim = sim_of(request)
    target = messages.find(sim.thread(user), mid) if mid else None
    if target is None or not target.from_user:
        return _fail(request, user, thread_id, "That message isn't in this chat.", 404)
    if target.is_deleted:
        return _fail(request, user, thread_id, "You already unsent that message.", 409)
    client = device_of(ui, request)
    try:
        unsent = sim.unsend(user, mid, client=client)
    except (KeyError, ValueError) as exc:
        return _fail(request, user, thread_id, f"Couldn't unsend: {exc}", 400)
    webhook = sim.unsend_sends_webhook(client)
    notice = "" if webhook else UNSEND_NOT_SENT
    if wants_json(request):
        body = {"mid": unsent.mid, "html": render_bubble(request, unsent), "webhook": webhook}
        return JSONResponse({**body, "notice": notice})
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)


UNSEND_NOT_SENT = (
    "Unsent here on instagram.com: Meta sends apps the unsend only from the Instagram app "
    "(switch to it at the top), as the integration guide observed."
)
MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # Meta's attachment limit for video, audio and files [IGSEND]
MAX_IMAGE_BYTES = 8 * 1024 * 1024  # and for images


def _kind_of(content_type: str) -> str:
    """What Direct makes of an uploaded file: a photo, a video, a voice note or a file."""
    major = content_type.split("/", 1)[0]
    return {"image": "image", "video": "video", "audio": "audio"}.get(major, "file")


async def media(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/media (multipart ``file``): the user sends a photo, video,
    voice note or file; it goes on Meta's CDN as uploaded [IGEX]."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    async with request.form(max_part_size=MAX_UPLOAD_BYTES + 1) as form:  # closes the files
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return _fail(request, user, thread_id, "Choose a photo or file to send.", 400)
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        filename = upload.filename
        content_type = upload.content_type or "application/octet-stream"
    kind = _kind_of(content_type)
    limit = MAX_IMAGE_BYTES if kind == "image" else MAX_UPLOAD_BYTES
    if not data:
        return _fail(request, user, thread_id, "That file is empty.", 400)
    if len(data) > limit:
        return _fail(request, user, thread_id, f"Files can be at most {limit >> 20} MB.", 413)
    if kind == "image" and not messages.is_picture(data):
        return _fail(request, user, thread_id, "That file isn't a photo Instagram can show.", 400)
    sent = sim_of(request).send_media(
        user,
        kind,
        caption=filename,
        upload=(content_type, data),
        client=device_of(ui, request),
    )
    if wants_json(request):
        return JSONResponse({"mid": sent.mid, "html": render_bubble(request, sent)}, 201)
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)


async def react(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/react (form ``mid``, ``reaction``; empty = take it back)."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    form = await request.form()
    mid, reaction = str(form.get("mid", "")), str(form.get("reaction", "")) or None
    sim = sim_of(request)
    target = messages.find(sim.thread(user), mid) if mid else None
    if target is None or target.is_deleted:
        return _fail(request, user, thread_id, "That message isn't in this chat.", 404)
    if reaction is None and target.reaction is None:
        reaction = "love"  # a double tap on a message without a reaction: a heart
    try:
        sim.react(user, mid, reaction, client=device_of(ui, request))
    except ValueError as exc:
        return _fail(request, user, thread_id, f"Couldn't react: {exc}", 400)
    if wants_json(request):
        return JSONResponse({"mid": mid, "html": render_bubble(request, target)})
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)


async def seen(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/seen: the page shows the business's newest message to the
    user, who has now read it (``messaging_seen``, once per message) [IGEX]."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, _ = guarded
    try:
        mid, sent = sim_of(request).read(user, client=device_of(ui, request))
    except ValueError:
        return JSONResponse({"mid": None, "webhook": False})
    return JSONResponse({"mid": mid, "webhook": sent})


async def share(ui: UiState, request: Request) -> Response:
    """POST /direct/t/{thread_id}/share (form ``media_id``): the user sends one of the
    business's posts to the chat (``ig_post``), then sees the chat."""
    guarded = await _guard(ui, request)
    if isinstance(guarded, Response):
        return guarded
    user, thread_id = guarded
    media_id = str((await request.form()).get("media_id", ""))
    try:
        sent = sim_of(request).share_post(user, media_id=media_id, client=device_of(ui, request))
    except KeyError:
        return _fail(request, user, thread_id, "That post isn't there anymore.", 404)
    if wants_json(request):
        return JSONResponse({"mid": sent.mid, "html": render_bubble(request, sent)}, 201)
    return RedirectResponse(url(request, f"/direct/t/{thread_id}/"), status_code=303)
