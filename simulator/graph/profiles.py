"""The business account (``/me``, ``/{IG_ID}``) and user profiles (``/{IGSID}``) [IGPROF].

A user's profile is readable only once that user has messaged the account (or tapped an ice
breaker or a persistent-menu item), else 230 "User consent is required..." (code per chatwoot,
UNCONFIRMED). ``/me`` ``id`` is app-scoped and ``user_id`` is the IG_ID seen in webhooks
(reported trap, spec section 2). ``graph/nodes.py`` routes the ids here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.backend.fields import Field
from simulator.backend.profiles import user_profile
from simulator.errors import ConsentRequired, NonexistingField
from simulator.state.models import IgUser

if TYPE_CHECKING:
    from simulator.service import Simulator

USER_DEFAULT_FIELDS = ("name", "username")
ACCOUNT_DEFAULT_FIELDS = ("id",)


def _select(values: dict[str, Any], asked: list[Field], default: tuple[str, ...]) -> dict[str, Any]:
    names = [f.name for f in asked] or list(default)
    for name in names:
        if name not in values:
            raise NonexistingField(name, "User")
    out = {n: values[n] for n in names if n != "id"}
    out["id"] = values["id"]  # Meta always answers the node id, last
    return out


def _account_values(sim: Simulator) -> dict[str, Any]:
    biz = sim.business
    return {
        "id": biz.app_scoped_id,
        "user_id": biz.ig_id,
        "username": biz.username,
        "name": biz.name,
        "account_type": "BUSINESS",
        "profile_picture_url": sim.store.urls.profile_pic(biz.ig_id),
        "followers_count": 1200,
        "follows_count": 10,
        "media_count": len(sim.store.stories),
    }


def _user_values(sim: Simulator, user: IgUser) -> dict[str, Any]:
    return user_profile(user, sim.store.urls.profile_pic(user.igsid))


def account(sim: Simulator, asked: list[Field]) -> dict[str, Any]:
    return _select(_account_values(sim), asked, ACCOUNT_DEFAULT_FIELDS)


def user(sim: Simulator, user: IgUser, asked: list[Field]) -> dict[str, Any]:
    values = _user_values(sim, user)
    _select(values, asked, USER_DEFAULT_FIELDS)  # unknown fields fail before consent, as on Graph
    if sim.last_user_message_ms(user) is None:
        raise ConsentRequired()
    return _select(values, asked, USER_DEFAULT_FIELDS)
