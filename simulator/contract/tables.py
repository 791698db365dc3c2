"""Meta's small tables, written once for everyone: the simulator, its pages, the harness's
steps and the load mode read them here (docs/meta-platform.md section 1.1)."""

from __future__ import annotations

__all__ = [
    "INSTAGRAM_FIELDS", "MEDIA_KINDS", "MESSAGING_FIELDS", "REACTIONS", "SEND_REACTIONS",
]  # fmt: skip

# a reaction's webhook value -> the emoji Meta reports with it (v12+) [IGEX]; "other": any
# other emoji, the one the user picked
REACTIONS: dict[str, str] = {
    "love": "\u2764\ufe0f",
    "like": "\U0001f44d",
    "laugh": "\U0001f602",
    "wow": "\U0001f62e",
    "sad": "\U0001f622",
    "angry": "\U0001f621",
    "other": "",
}
# what the Send API's ``sender_action: react`` accepts as ``payload.reaction`` [IGSEND]
SEND_REACTIONS: tuple[str, ...] = tuple(name for name in REACTIONS if name != "other")
# the attachment types a user sends in Direct, as Meta's webhook names them [IGEX]
MEDIA_KINDS: tuple[str, ...] = ("image", "video", "audio", "file")
# the Instagram webhook fields about Direct messages, which a messaging app subscribes to
# [IGWH] (docs/meta-platform.md section 1)
MESSAGING_FIELDS: tuple[str, ...] = (
    "messages",
    "messaging_postbacks",
    "message_reactions",
    "messaging_seen",
    "messaging_referral",
    "messaging_optins",
    "messaging_handover",
)
# every Instagram webhook field an app may subscribe to [IGWH][SUBS]
INSTAGRAM_FIELDS: tuple[str, ...] = (
    *MESSAGING_FIELDS,
    "standby",
    "comments",
    "live_comments",
    "mentions",
    "story_insights",
)
