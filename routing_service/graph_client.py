"""The Instagram Graph API as the service uses it: user profiles and the Send API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

__all__ = ["GraphClient", "GraphError", "Profile", "SentMessage"]

PROFILE_TIMEOUT_S = 3.0  # a slow profile read must not hold a sender's messages back long
SEND_TIMEOUT_S = 10.0


class GraphError(Exception):
    """Meta refused a call (its ``{"error":{...}}`` body) or could not be reached."""

    def __init__(
        self,
        code: int | None,
        subcode: int | None,
        message: str,
        *,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.subcode = subcode
        self.message = message
        self.http_status = http_status

    @property
    def reached_meta(self) -> bool:
        """False for network failures and timeouts (no answer from Meta at all)."""
        return self.http_status is not None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "subcode": self.subcode, "message": self.message}


@dataclass(frozen=True)
class Profile:
    igsid: str
    name: str | None
    username: str | None
    profile_pic: str | None


@dataclass(frozen=True)
class SentMessage:
    recipient_id: str
    message_id: str


class GraphClient:
    """Calls ``{base}/{version}/...`` with the account token over an injected client."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        root: str,
        access_token: str,
        profile_timeout_s: float = PROFILE_TIMEOUT_S,
    ) -> None:
        self._http = http
        self._root = root.rstrip("/")
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._profile_timeout_s = profile_timeout_s

    async def get_profile(self, igsid: str) -> Profile:
        """``GET /{igsid}?fields=name,username,profile_pic``."""
        body = await self._call(
            "GET",
            f"/{quote(igsid, safe='')}",  # one path segment, whatever the webhook said
            params={"fields": "name,username,profile_pic"},
            timeout=self._profile_timeout_s,
        )
        return Profile(
            igsid=igsid,
            name=_str_or_none(body.get("name")),
            username=_str_or_none(body.get("username")),
            profile_pic=_str_or_none(body.get("profile_pic")),
        )

    async def get_account_id(self) -> str | None:
        """``GET /me?fields=user_id``: the professional account's IG_ID (Instagram Login);
        None when Meta does not say (Facebook Login's ``/me`` is the Page)."""
        body = await self._call(
            "GET", "/me", params={"fields": "user_id,username"}, timeout=self._profile_timeout_s
        )
        found = body.get("user_id")
        return str(found) if isinstance(found, str | int) and not isinstance(found, bool) else None

    async def send_text(self, igsid: str, text: str, tag: str | None = None) -> SentMessage:
        """``POST /me/messages``; ``tag`` (e.g. ``HUMAN_AGENT``) sends a ``MESSAGE_TAG``."""
        payload: dict[str, Any] = {"recipient": {"id": igsid}, "message": {"text": text}}
        if tag:
            payload["messaging_type"] = "MESSAGE_TAG"
            payload["tag"] = tag
        body = await self._call("POST", "/me/messages", json=payload, timeout=SEND_TIMEOUT_S)
        message_id = body.get("message_id")
        if not isinstance(message_id, str) or not message_id:
            raise GraphError(None, None, "Send API answered without message_id", http_status=200)
        return SentMessage(recipient_id=str(body.get("recipient_id", igsid)), message_id=message_id)

    async def _call(
        self, method: str, path: str, *, timeout: float, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            response = await self._http.request(
                method, self._root + path, headers=self._headers, timeout=timeout, **kwargs
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise GraphError(None, None, f"Graph API unreachable: {exc!r}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict):
            return body
        raise _error_from(response, body)


def _error_from(response: httpx.Response, body: Any) -> GraphError:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return GraphError(
            _int_or_none(error.get("code")),
            _int_or_none(error.get("error_subcode")),
            str(error.get("message") or "Graph API error"),
            http_status=response.status_code,
        )
    snippet = response.text[:200]
    return GraphError(
        None, None, f"HTTP {response.status_code}: {snippet}", http_status=response.status_code
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
