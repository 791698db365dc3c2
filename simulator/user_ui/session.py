"""The test user's login session: one signed cookie holding the IGSID.

Signed with itsdangerous by this package alone, so the pages work whatever middleware the
simulator app installs. The secret is random per process unless one is given.
"""

from __future__ import annotations

import secrets
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE_NAME = "ig_sim_session"
MAX_AGE_S = 14 * 24 * 3600


class SessionSigner:
    """Reads and writes the session cookie."""

    def __init__(self, secret: str | None = None) -> None:
        self._serializer = URLSafeTimedSerializer(
            secret or secrets.token_hex(32), salt="simulator.user_ui.session"
        )

    def read(self, request: Request) -> dict[str, Any]:
        """The session data, or an empty dict when the cookie is missing, forged or expired."""
        raw = request.cookies.get(COOKIE_NAME)
        if not raw:
            return {}
        try:
            data = self._serializer.loads(raw, max_age=MAX_AGE_S)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, response: Response, request: Request, data: dict[str, Any]) -> None:
        """Set the cookie on ``response``, scoped to the pages' mount point."""
        response.set_cookie(
            COOKIE_NAME,
            self._serializer.dumps(data),
            max_age=MAX_AGE_S,
            path=cookie_path(request),
            httponly=True,
            samesite="lax",
        )

    def clear(self, response: Response, request: Request) -> None:
        """Log out."""
        response.delete_cookie(COOKIE_NAME, path=cookie_path(request))


def cookie_path(request: Request) -> str:
    """The mount prefix (``/instagram``), so the cookie never reaches the Graph API paths."""
    return request.scope.get("root_path", "").rstrip("/") or "/"
