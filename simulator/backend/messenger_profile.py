"""The Messenger Profile API for Instagram: ice breakers, persistent menu, Get Started.

``POST|GET|DELETE /me/messenger_profile?platform=instagram`` (IL/messaging-api/ice-breakers,
B/instagram-messaging/features/ice-breakers): at most 4 questions per locale, a ``default``
locale required; taps reach the app as ``postback`` events (``messaging_postbacks``). Limits
Meta does not state for Instagram take Messenger's (marked); POST and DELETE answer
``{"result":"success"}`` as the Messenger Profile API does.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import InvalidParameter

FIELDS = ("ice_breakers", "persistent_menu", "get_started")
MAX_ICE_BREAKERS = 4  # [IL ice breakers] at most 4 questions
QUESTION_CHARS = 80  # Messenger's limit (UNCONFIRMED for Instagram)
MAX_MENU_ITEMS = 20  # Messenger's limit (UNCONFIRMED for Instagram)
MENU_TITLE_CHARS = 30  # Messenger's limit
PAYLOAD_CHARS = 1000  # Messenger's postback payload limit
MENU_ITEM_TYPES = ("postback", "web_url")


def _bad(message: str) -> InvalidParameter:
    return InvalidParameter(f"Invalid messenger profile: {message}")


def _payload(value: Any, where: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= PAYLOAD_CHARS:
        raise _bad(f"{where}.payload must have 1 to {PAYLOAD_CHARS} characters")
    return value


def _locales(value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _bad(f"{field} must be a non-empty list of locales")
    locales = [item.get("locale") if isinstance(item, dict) else None for item in value]
    if "default" not in locales:
        raise _bad(f"{field} needs a 'default' locale")
    if len(set(locales)) != len(locales):
        raise _bad(f"{field} lists a locale twice")
    return value


def ice_breakers(value: Any) -> list[dict[str, Any]]:
    kept = []
    for item in _locales(value, "ice_breakers"):
        actions = item.get("call_to_actions")
        if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ICE_BREAKERS:
            raise _bad(f"ice_breakers: 1 to {MAX_ICE_BREAKERS} questions per locale")
        questions = []
        for i, action in enumerate(actions):
            where = f"ice_breakers[{item['locale']}][{i}]"
            question = action.get("question") if isinstance(action, dict) else None
            if not isinstance(question, str) or not 0 < len(question) <= QUESTION_CHARS:
                raise _bad(f"{where}.question must have 1 to {QUESTION_CHARS} characters")
            questions.append(
                {"question": question, "payload": _payload(action.get("payload"), where)}
            )
        kept.append({"call_to_actions": questions, "locale": item["locale"]})
    return kept


def persistent_menu(value: Any) -> list[dict[str, Any]]:
    kept = []
    for item in _locales(value, "persistent_menu"):
        actions = item.get("call_to_actions")
        if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_MENU_ITEMS:
            raise _bad(f"persistent_menu: 1 to {MAX_MENU_ITEMS} items per locale")
        entries = []
        for i, action in enumerate(actions):
            where = f"persistent_menu[{item['locale']}][{i}]"
            if not isinstance(action, dict) or action.get("type") not in MENU_ITEM_TYPES:
                raise _bad(f"{where}.type must be postback or web_url")
            title = action.get("title")
            if not isinstance(title, str) or not 0 < len(title) <= MENU_TITLE_CHARS:
                raise _bad(f"{where}.title must have 1 to {MENU_TITLE_CHARS} characters")
            entry = {"type": action["type"], "title": title}
            if action["type"] == "postback":
                entry["payload"] = _payload(action.get("payload"), where)
            else:
                url = action.get("url")
                if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                    raise _bad(f"{where}.url must be a valid URL")
                entry["url"] = url
            entries.append(entry)
        kept.append({"locale": item["locale"], "call_to_actions": entries})
    return kept


def get_started(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _bad('get_started must be {"payload": ...}')
    return {"payload": _payload(value.get("payload"), "get_started")}


SETTERS = {
    "ice_breakers": ice_breakers,
    "persistent_menu": persistent_menu,
    "get_started": get_started,
}


def check_platform(platform: str | None) -> None:
    if platform != "instagram":
        raise InvalidParameter("The parameter platform is required and must be instagram")


def updated(profile: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The profile after a POST: each field given is validated and replaced."""
    given = [f for f in FIELDS if f in body]
    if not given:
        raise _bad(f"set at least one of {', '.join(FIELDS)}")
    return {**profile, **{f: SETTERS[f](body[f]) for f in given}}


def fields_to_delete(raw: Any) -> list[str]:
    names = raw if isinstance(raw, list) else str(raw or "").strip("[]").replace('"', "").split(",")
    names = [n.strip() for n in names if str(n).strip()]
    unknown = sorted(set(names) - set(FIELDS))
    if not names or unknown:
        raise _bad(f"fields must name some of {', '.join(FIELDS)}")
    return names


def read(profile: dict[str, Any], asked: list[str]) -> dict[str, Any]:
    """``{"data":[{<field>: ...}]}``, only the fields that are set (Messenger's GET shape)."""
    wanted = asked or list(FIELDS)
    unknown = sorted(set(wanted) - set(FIELDS))
    if unknown:
        raise _bad(f"unknown fields {unknown}; known: {', '.join(FIELDS)}")
    found = {f: profile[f] for f in wanted if f in profile}
    return {"data": [found] if found else []}


def for_locale(entries: list[dict[str, Any]], locale: str = "default") -> list[dict[str, Any]]:
    """The call to actions a user with ``locale`` sees (the default when none matches)."""
    chosen = next((e for e in entries if e.get("locale") == locale), None)
    chosen = chosen or next((e for e in entries if e.get("locale") == "default"), {})
    return list(chosen.get("call_to_actions", []))
