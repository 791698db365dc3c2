"""One seeded random source for every id the simulator hands out (moto_random style)."""

from __future__ import annotations

import base64
import hashlib
import random
import string

_ALNUM = string.ascii_letters + string.digits
_TRACE = _ALNUM + "/_-"
# Meta's Instagram mids are base64-looking strings starting "aWdfZAG1faXRlbToxOklHTWVzc2FnZA"
# ("ig_message_item:1:IGMessage" with Meta's own tweaks); opaque to integrators [IGEX].
_MID_PREFIX = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj"


class Ids:
    """Every id comes from here, so the same seed gives the same ids in the same order."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        # trace ids and challenges vary with the number of calls; keep them off the main stream
        self._aux = random.Random(f"aux:{seed}")

    def digits(self, n: int) -> str:
        """``n`` random decimal digits, leading zeros allowed (one draw, not one per digit)."""
        return str(self._rng.randrange(10**n)).zfill(n)

    def igsid(self) -> str:
        """Instagram-scoped user id, 16 digits (spec section 1.1 sample)."""
        return str(self._rng.randint(1, 9)) + self.digits(15)

    def ig_id(self) -> str:
        """Professional account id, `17841` + 12 digits [IGEX]."""
        return "17841" + self.digits(12)

    def app_scoped_id(self) -> str:
        """What `/me` answers as `id` (app-scoped, unlike `user_id`) [IGOV trap]."""
        return "2" + self.digits(16)

    @staticmethod
    def thread_id(ig_id: str, igsid: str) -> str:
        """Numeric Direct thread id, derived (not drawn) so the user UI can compute it too."""
        digest = hashlib.sha256(f"{ig_id}:{igsid}".encode()).hexdigest()
        return str(int(digest[:30], 16))

    @staticmethod
    def conversation_id(ig_id: str, igsid: str) -> str:
        """An Instagram conversation id: base64-looking, ``aWdfZ...`` like Meta's [IGCONV];
        derived, so the same thread always has the same id."""
        raw = f"ig_conversation:{ig_id}:{Ids.thread_id(ig_id, igsid)}".encode()
        return "aWdfZAG06MTpJR01lc3NhZA2VUaHJlYWQ6" + base64.urlsafe_b64encode(raw).decode().rstrip(
            "="
        )

    def story_id(self) -> str:
        return "18" + self.digits(15)

    def token(self, prefix: str = "IGAA", length: int = 150) -> str:
        """An opaque long-lived Instagram user token (they start `IGAA`)."""
        return prefix + "".join(self._rng.choice(_ALNUM) for _ in range(length))

    def mid(self, ig_id: str, thread_id: str) -> str:
        raw = f"{ig_id}:{thread_id}:{self.digits(38)}".encode()
        return _MID_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=") + "ZDZD"

    def fbtrace_id(self) -> str:
        return "".join(self._aux.choice(_TRACE) for _ in range(11))

    def challenge(self) -> int:
        """The handshake's `hub.challenge` integer [GS]."""
        return self._aux.randint(10**8, 2**31 - 1)

    def hex(self, n: int) -> str:
        return "".join(self._rng.choice("0123456789abcdef") for _ in range(n))
