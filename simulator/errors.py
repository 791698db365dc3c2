"""Graph API errors as data: a class per error, one renderer for Meta's `{"error": {...}}`.

HTTP status is undocumented by Meta; reports give 400 mostly, 403 for code 10 and 200-299,
500 for 1 and 2 (spec section 3). Messages always start `(#code)` here; Meta's usually do.
"""

from __future__ import annotations

from typing import Any, ClassVar

from starlette.responses import JSONResponse


class GraphError(Exception):
    """Base class; subclasses fix `code`, `subcode` and the default message."""

    code: ClassVar[int] = 100
    subcode: ClassVar[int | None] = None
    type: ClassVar[str] = "OAuthException"
    default_message: ClassVar[str] = "Invalid parameter"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)

    @property
    def status(self) -> int:
        if self.code in (1, 2):
            return 500
        if self.code == 10 or 200 <= self.code <= 299:
            return 403
        return 400

    def body(self, fbtrace_id: str) -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": f"(#{self.code}) {self.message}",
            "type": self.type,
            "code": self.code,
        }
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = fbtrace_id
        return {"error": error}


def render(error: GraphError, fbtrace_id: str) -> JSONResponse:
    """The one renderer of Meta's error shape."""
    return JSONResponse(error.body(fbtrace_id), status_code=error.status)


class UnknownError(GraphError):
    code = 1
    default_message = "An unknown error occurred"


class InvalidParameter(GraphError):
    code = 100


class UnsupportedRequest(GraphError):
    """Unknown object or edge [GERR] 100/33."""

    subcode = 33

    def __init__(self, method: str, object_id: str) -> None:
        super().__init__(
            f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not exist, "
            "cannot be loaded due to missing permissions, or does not support this operation. "
            "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api"
        )


class NonexistingField(GraphError):
    """Unknown field (public reports)."""

    def __init__(self, field: str, node_type: str = "User") -> None:
        super().__init__(f"Tried accessing nonexisting field ({field}) on node type ({node_type})")


class MissingToken(GraphError):
    """Meta answers 104 here in practice; the spec table only lists 190, so we use 190."""

    code = 190
    default_message = "An access token is required to request this resource."


class InvalidToken(GraphError):
    code = 190
    default_message = "Invalid OAuth access token - Cannot parse access token"


class ExpiredToken(GraphError):
    code = 190
    subcode = 463
    default_message = "Error validating access token: Session has expired."


class PermissionDenied(GraphError):
    code = 10
    default_message = "API Permission Denied"


class OutsideWindow(GraphError):
    """[IGSEND] 24 h after the user's last message (7 days with HUMAN_AGENT)."""

    code = 10
    subcode = 2534022
    default_message = "This message is sent outside of allowed window."


class NoRole(GraphError):
    """[MPERR] app in development mode, recipient has no role on the app."""

    code = 200
    subcode = 2018028
    default_message = (
        "Cannot message users who are not admins, developers or testers of the app "
        "until pages_messaging permission is reviewed and the app is live."
    )


class NoMatchingUser(GraphError):
    code = 100
    subcode = 2534014
    default_message = "No matching Instagram user"


class InvalidMessageData(GraphError):
    """Bad payload; also text over 1000 bytes (subcode for that UNCONFIRMED)."""

    code = 100
    subcode = 2534015
    default_message = "Invalid message data"


class ConsentRequired(GraphError):
    """Profile before the user messaged (code 230 per chatwoot, UNCONFIRMED)."""

    code = 230
    default_message = "User consent is required to access user profile"


class CallbackVerificationFailed(GraphError):
    """[SUBS] the handshake GET did not answer 200 with the challenge."""

    code = 2200

    def __init__(self, detail: str) -> None:
        super().__init__(f"Callback verification failed with the following errors: {detail}")
