"""Meta-CDN-looking URLs, signed and expiring: ``oh`` (signature) and ``oe`` (expiry, hex
seconds), served by ``cdn.py``; a URL past ``oe`` is refused as Meta's CDN refuses it."""

from __future__ import annotations

import hashlib
import hmac

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.media import MEDIA_TYPES

__all__ = ["MEDIA_PREFIX", "PROFILE_PREFIX", "STORY_PREFIX", "URL_TTL_S", "CdnUrls"]

URL_TTL_S = 10 * 24 * 3600  # "picture URLs expire in days" (spec section 2)
STORY_PREFIX = "/v/t51.2885-15/"
PROFILE_PREFIX = "/v/t51.2885-19/"
MEDIA_PREFIX = "/v/t51.29350-15/"  # what users send in Direct: photos, videos, voice, files


class CdnUrls:
    def __init__(self, config: SimulatorConfig, clock: Clock) -> None:
        self._base = f"{config.public_url}/cdn"
        self._key = hashlib.sha256(f"cdn:{config.seed}:{config.app_secret}".encode()).digest()
        self._clock = clock

    def _sign(self, path: str, oe: str) -> str:
        return "00_" + hmac.new(self._key, f"{path}:{oe}".encode(), hashlib.sha256).hexdigest()[:40]

    def _url(self, path: str) -> str:
        oe = f"{self._clock.now_s() + URL_TTL_S:08X}"
        query = f"_nc_ht=scontent.cdninstagram.com&_nc_cat=1&oh={self._sign(path, oe)}&oe={oe}"
        return f"{self._base}{path}?{query}"

    def story(self, story_id: str) -> str:
        return self._url(f"{STORY_PREFIX}{story_id}_n.jpg")

    def profile_pic(self, owner_id: str) -> str:
        return self._url(f"{PROFILE_PREFIX}{owner_id}_n.jpg")

    def media(self, media_id: str, kind: str) -> str:
        """A user's photo, video, voice note or file (``kind``), by its media id."""
        return self._url(f"{MEDIA_PREFIX}{media_id}_n.{MEDIA_TYPES[kind][0]}")

    def refusal(self, path: str, oh: str | None, oe: str | None) -> str | None:
        """Why the CDN refuses this URL (None = serve it)."""
        if not oh or not oe or not hmac.compare_digest(oh, self._sign(path, oe)):
            return "Bad URL hash"
        try:
            expires = int(oe, 16)
        except ValueError:
            return "Bad URL hash"
        if expires < self._clock.now_s():
            return "URL signature expired"
        return None
