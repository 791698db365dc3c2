"""The pieces of a messaging event the service keeps: attachments with what identifies them,
and a message's details (a tapped quick reply, the message an inline reply answers, the ad or
link it came from, "unsupported" media). Shapes: Meta's Instagram webhook payloads (docs'
section 1.1, [IGEX][IMWH]); every value is cleaned so SQLite can store it, never trusted as
markup.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["attachments_of", "clean", "details_of", "id_of", "str_of", "timestamp_of"]

MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last ISO 8601 instant
SECONDS_BELOW = 10**11  # 1e9..1e11 are seconds (2001..5138); Meta's own samples use them
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_TITLE_MAX = 500
# payload keys that identify the shared thing, by attachment type [IGEX]
_IDS = {"ig_reel": "reel_video_id", "ig_post": "ig_post_media_id", "reel": "reel_video_id"}


def clean(value: str) -> str:
    """Lone surrogates (JSON ``"\\ud800"``) spelled out: SQLite needs UTF-8, ids stay distinct."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def str_of(value: Any) -> str | None:
    return clean(value) if isinstance(value, str) else None


def id_of(value: Any) -> str | None:
    raw = value.get("id") if isinstance(value, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    return clean(str(raw))


def timestamp_of(value: Any) -> int:
    """Milliseconds; seconds (the dashboard's samples) are read as seconds; 0 when absent,
    unreadable or out of range (the router uses its clock)."""
    if isinstance(value, bool):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: Infinity
        return 0
    if 10**9 <= number < SECONDS_BELOW:
        number *= 1000
    return number if 10**11 <= number <= MAX_TIMESTAMP_MS else 0


def attachments_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"type", "url", "title"?, "id"?}]``; a story reply adds ``story_reply`` (the story)."""
    found: list[dict[str, Any]] = []
    raw = message.get("attachments")
    for item in raw if isinstance(raw, list) else []:
        kind = str_of(item.get("type")) if isinstance(item, dict) else None
        if kind is None:
            continue
        payload = item.get("payload") if isinstance(item.get("payload"), dict) else {}
        url = str_of(payload.get("url")) or str_of(payload.get("story_media_url"))  # ig_story
        kept: dict[str, Any] = {"type": kind, "url": url}
        title = str_of(payload.get("title"))
        if title:
            kept["title"] = title[:_TITLE_MAX]
        shared = payload.get(_IDS.get(kind, ""))
        if isinstance(shared, str | int) and not isinstance(shared, bool):
            kept["id"] = clean(str(shared))
        found.append(kept)
    reply_to = message.get("reply_to")
    story = reply_to.get("story") if isinstance(reply_to, dict) else None
    if isinstance(story, dict):
        # A story reply is a Direct message; the story it answers is shown with it.
        found.append({"type": "story_reply", "url": str_of(story.get("url")),
                      "id": id_of(story)})  # fmt: skip
    return found


def details_of(message: dict[str, Any]) -> dict[str, Any]:
    """What else a message says: ``quick_reply_payload``, ``reply_to_mid``, ``referral``
    (a click-to-Direct ad), ``unsupported`` (media the API does not carry)."""
    details: dict[str, Any] = {}
    quick = message.get("quick_reply")
    payload = str_of(quick.get("payload")) if isinstance(quick, dict) else None
    if payload is not None:
        details["quick_reply_payload"] = payload
    reply_to = message.get("reply_to")
    answered = str_of(reply_to.get("mid")) if isinstance(reply_to, dict) else None
    if answered:
        details["reply_to_mid"] = answered
    referral = referral_of(message.get("referral"))
    if referral:
        details["referral"] = referral
    if message.get("is_unsupported") is True:
        details["unsupported"] = True
    return details


def referral_of(raw: Any) -> dict[str, Any] | None:
    """``{ref, source, type, ad_id, ad_title, photo_url}`` of an ig.me link or an ad click."""
    if not isinstance(raw, dict):
        return None
    kept = {k: str_of(raw.get(k)) for k in ("ref", "source", "type", "ad_id")}
    context = raw.get("ads_context_data")
    if isinstance(context, dict):
        kept["ad_title"] = str_of(context.get("ad_title"))
        kept["photo_url"] = str_of(context.get("photo_url"))
    kept = {k: v[:_TITLE_MAX] for k, v in kept.items() if v}
    return kept or None
