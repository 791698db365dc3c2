"""Access tokens: validity, expiry on the simulated clock, scopes, ``appsecret_proof``.

Facts: meta-platform.md sections 2-4. A token is a bearer string Meta knows, of a kind (USER,
PAGE, APP) with scopes; expired tokens answer 190/463 [GERR]. ``appsecret_proof`` is hex
HMAC-SHA256(app secret, access token): checked whenever it is sent, required when the app
enables "Require App Secret" (knob ``require_appsecret_proof``); a wrong one answers HTTP 400
``GraphMethodException`` code 100 "Invalid appsecret_proof provided in the API argument"
(facebook-python-business-sdk#528). A missing scope answers (#200) "Requires <permission>
permission to manage the object" (Meta's Messenger wording; code per [MPERR] 200-299).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from simulator.errors import ExpiredToken, GraphError, InvalidToken, MissingToken
from simulator.ids import Ids
from simulator.state.models import Token
from simulator.state.store import ACCOUNT_SCOPES

# Permissions by login flavour [IGOV]; the business_* names were deprecated on Jan 27 2025 and
# still count as their instagram_business_* successors.
INSTAGRAM_LOGIN_SCOPES = ("instagram_business_basic", "instagram_business_manage_messages")
FACEBOOK_LOGIN_SCOPES = (
    "instagram_basic",
    "instagram_manage_messages",
    "pages_manage_metadata",
    "pages_show_list",
    "pages_read_engagement",
)
DEPRECATED_ALIASES = {
    "business_basic": "instagram_business_basic",
    "business_manage_messages": "instagram_business_manage_messages",
}
KNOWN_SCOPES = (*INSTAGRAM_LOGIN_SCOPES, *FACEBOOK_LOGIN_SCOPES, *DEPRECATED_ALIASES)
TOKEN_KINDS = ("USER", "PAGE", "APP", "SYSTEM_USER")

# What each capability needs, in either flavour: any one permission of the tuple grants it.
BASIC = ("instagram_business_basic", "instagram_basic")
MANAGE_MESSAGES = ("instagram_business_manage_messages", "instagram_manage_messages")
PAGE_METADATA = ("pages_manage_metadata",)
PAGES_LIST = ("pages_show_list",)


class AppTokenRequired(GraphError):
    """Meta's known answer; code 15 is not in the spec table."""

    code = 15
    default_message = "This method must be called with an app access_token."


class UserTokenRequired(GraphError):
    """Meta's known answer for `/me` with an app token; code 2500 is not in the spec table."""

    code = 2500
    default_message = (
        "An active access token must be used to query information about the current user."
    )


class PageTokenRequired(GraphError):
    """A Page edge called with another token (Messenger's #210)."""

    code = 210
    default_message = "A page access token is required to request this resource."


class PermissionRequired(GraphError):
    code = 200

    def __init__(self, permission: str) -> None:
        super().__init__(f"Requires {permission} permission to manage the object")


class InvalidAppSecretProof(GraphError):
    code = 100
    type = "GraphMethodException"
    default_message = "Invalid appsecret_proof provided in the API argument"


class AppSecretProofRequired(GraphError):
    code = 100
    type = "GraphMethodException"
    default_message = "API calls from the server require an appsecret_proof argument"


def appsecret_proof(app_secret: str, access_token: str) -> str:
    """hex HMAC-SHA256 of the token, keyed with the app secret (meta-platform.md section 2)."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()


def granted(token: Token) -> set[str]:
    """The token's scopes, deprecated names counted as their successors."""
    return {DEPRECATED_ALIASES.get(scope, scope) for scope in token.scopes}


def validate(tokens: dict[str, Token], now_ms: int, value: str | None) -> Token:
    """The stored token, or 190 (missing, unknown) / 190-463 (expired) [GERR]."""
    if not value:
        raise MissingToken()
    token = tokens.get(value)
    if token is None:
        raise InvalidToken()
    if token.expires_at_ms is not None and token.expires_at_ms <= now_ms:
        raise ExpiredToken()
    return token


def check_proof(app_secret: str, token: str, proof: str | None, *, required: bool) -> None:
    if proof is None:
        if required:
            raise AppSecretProofRequired()
        return
    if not hmac.compare_digest(proof.lower(), appsecret_proof(app_secret, token)):
        raise InvalidAppSecretProof()


def authorize(
    tokens: dict[str, Token],
    now_ms: int,
    value: str | None,
    proof: str | None,
    *,
    app_secret: str,
    proof_required: bool,
    kinds: tuple[str, ...],
    scopes: tuple[tuple[str, ...], ...] = (),
) -> Token:
    """The caller's token, checked as Meta does, in its order: known and unexpired, proved
    (``appsecret_proof``), of one of ``kinds``, granted each of ``scopes``."""
    token = validate(tokens, now_ms, value)
    assert value is not None
    check_proof(app_secret, value, proof, required=proof_required)
    if token.kind not in kinds:
        raise AppTokenRequired() if kinds == ("APP",) else UserTokenRequired()
    require_scopes(token, *scopes)
    return token


def require_scopes(token: Token, *needs: Iterable[str]) -> None:
    """Each of ``needs`` is a tuple of alternatives (one per flavour); the first unmet one
    is named in Meta's error."""
    have = granted(token)
    for alternatives in needs:
        options = tuple(alternatives)
        if not have & set(options):
            raise PermissionRequired(_named_for(token, options))


def _named_for(token: Token, options: tuple[str, ...]) -> str:
    """The permission of the token's own flavour (FB tokens: the non-"business" names)."""
    facebook = token.kind == "PAGE" or any(s in FACEBOOK_LOGIN_SCOPES for s in token.scopes)
    for option in options:
        if (option in FACEBOOK_LOGIN_SCOPES) == facebook:
            return option
    return options[0]


def check_scope_names(scopes: Iterable[str]) -> list[str]:
    scopes = list(scopes)
    unknown = sorted(set(scopes) - set(KNOWN_SCOPES))
    if unknown:
        raise ValueError(f"unknown scopes {unknown}; known: {list(KNOWN_SCOPES)}")
    return scopes


def minted_token(
    ids: Ids,
    owner_id: str,
    now_ms: int,
    *,
    kind: str = "USER",
    scopes: list[str] | None = None,
    expires_in_s: float | None = None,
) -> Token:
    """A token of the business account, as a test asks for one: its kind (an Instagram user
    token ``IGAA...``, a Page token ``EAA...``), scopes (None: the account's own) and expiry
    on Meta's clock (None: never); ``ValueError`` for what Meta would not issue."""
    if kind not in ("USER", "PAGE", "SYSTEM_USER"):
        raise ValueError("kind must be USER, PAGE or SYSTEM_USER")
    granted = check_scope_names(scopes) if scopes is not None else list(ACCOUNT_SCOPES)
    if expires_in_s is not None and not 0 <= expires_in_s <= 10 * 365 * 24 * 3600:
        raise ValueError("expires_in must be between 0 and ten years of seconds")
    return Token(
        value=ids.token(prefix="EAA" if kind == "PAGE" else "IGAA"),
        kind=kind,
        owner_id=owner_id,
        issued_at_ms=now_ms,
        expires_at_ms=None if expires_in_s is None else now_ms + round(expires_in_s * 1000),
        scopes=granted,
    )
