"""What the User Profile API answers about an Instagram user (``GET /{IGSID}``) [IGPROF]:
name, username and profile picture (all versions), and since v12.0 the verification status,
the follower count and whether the user follows the business and the business the user
(developers.facebook.com/documentation/business-messaging/instagram-messaging/features/
user-profile, updated 2026-04-01). Readable only once the user consented by writing (the
handler checks it)."""

from __future__ import annotations

from typing import Any

from simulator.state.models import IgUser

__all__ = ["user_profile"]


def user_profile(user: IgUser, profile_pic: str) -> dict[str, Any]:
    """Every field the profile read may ask for, as Meta answers them."""
    return {
        "id": user.igsid,
        "name": user.name,
        "username": user.username,
        "profile_pic": profile_pic,  # a fresh CDN URL: it expires in days
        "follower_count": user.follower_count,
        "is_user_follow_business": user.follows_business,
        "is_business_follow_user": False,  # the simulated business follows no one
        "is_verified_user": user.is_verified_user,
    }
