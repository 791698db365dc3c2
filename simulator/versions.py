"""Which Graph API version serves a call [D/graph-api/guides/versioning].

- a live version (``oldest``..``newest``, v21.0..v26.0 on 2026-12-03 per the changelog) serves
  itself;
- an expired one is served by the oldest live one: "once a version is no longer usable, any
  calls made to it will be defaulted to the next oldest usable version";
- an unversioned call uses "the version set in the App Dashboard, Settings > Advanced,
  Upgrade API Version" (the app's default: a knob, the newest by default, as for an app
  created today);
- a version beyond the newest is not a version to Graph: the segment reads as an object
  alias, answered 803 "Some of the aliases you requested do not exist" (UNCONFIRMED: no Meta
  page shows it; the alias rule is Graph's for any unknown name).
Meta reports the version that served a call in the ``facebook-api-version`` response header
(public report, mobolic/facebook-sdk#158).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from simulator.errors import GraphError

VERSION = re.compile(r"v([1-9][0-9]*)\.0")


class UnknownAlias(GraphError):
    """(#803) for a path segment that names no object and no version."""

    code = 803

    def __init__(self, alias: str) -> None:
        super().__init__(f"Some of the aliases you requested do not exist: {alias}")


@functools.lru_cache(maxsize=256)  # a handful of versions, read several times a call
def number(version: str) -> int:
    """``"v25.0"`` -> 25; ValueError for anything that is not ``vNN.0``."""
    match = VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"{version!r} is not a Graph API version (vNN.0)")
    return int(match.group(1))


def looks_like_version(segment: str) -> bool:
    return VERSION.fullmatch(segment) is not None


@dataclass(frozen=True)
class VersionPolicy:
    oldest: str
    newest: str
    app_default: str

    def __post_init__(self) -> None:
        if not number(self.oldest) <= number(self.newest):
            raise ValueError(f"oldest {self.oldest} is newer than newest {self.newest}")
        if not number(self.oldest) <= number(self.app_default) <= number(self.newest):
            raise ValueError(f"the app's default {self.app_default} is not a live version")

    def serving(self, requested: str | None) -> str:
        """The version that serves a call to ``requested`` (None: an unversioned call)."""
        if requested is None:
            return self.app_default
        asked = number(requested)
        if asked > number(self.newest):
            raise UnknownAlias(requested)
        if asked < number(self.oldest):
            return self.oldest
        return requested
