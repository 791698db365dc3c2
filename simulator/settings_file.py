"""Meta's side of a ``harness.toml``: the values the team's app is already configured with.

``[meta]`` holds what the app knows about Meta (app id and secret, the account's token and
IG_ID, usernames, the Graph version); ``[simulator]`` where the simulator listens (``host``,
``port``) or, with ``url``, where one already runs. The harness reads the same file for the
rest (``fixtures/harness_toml.py``); unknown keys are refused by name, so a typo never silently
falls back to a seeded value.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "META_KEYS",
    "SIMULATOR_KEYS",
    "SettingsFileError",
    "config_values",
    "listen_address",
    "read_toml",
    "table",
    "unknown_keys",
]

# [meta] key -> SimulatorConfig field
META_KEYS = {
    "app_id": "app_id",
    "app_secret": "app_secret",
    "app_name": "app_name",
    "access_token": "access_token",
    "ig_id": "ig_id",
    "business_username": "business_username",
    "business_name": "business_name",
    "graph_version": "graph_version",
    "app_mode": "app_mode",
    "login_flavour": "login_flavour",
    "page_id": "page_id",
    "page_name": "page_name",
    "user_access_token": "user_access_token",
}
# url: a simulator already running there (the harness connects instead of starting one)
SIMULATOR_KEYS = ("host", "port", "public_url", "seed", "url")


class SettingsFileError(ValueError):
    """The file cannot be used; the message names the file and the key."""


def read_toml(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsFileError(f"{path}: not a readable TOML file ({exc})") from None


def table(doc: dict[str, Any], name: str, known: set[str] | tuple[str, ...]) -> dict[str, Any]:
    """``doc[name]`` (empty when absent), refused when it is not a table or has unknown keys."""
    found = doc.get(name, {})
    if not isinstance(found, dict):
        raise SettingsFileError(f"[{name}] must be a table")
    unknown = sorted(set(found) - set(known))
    if unknown:
        raise SettingsFileError(f"[{name}] has {unknown_keys(unknown, known)}")
    return found


def unknown_keys(unknown: list[str], known: Any) -> str:
    """``unknown keys ['verify_tokn'] (did you mean 'verify_token'?); known: [...]``."""
    guesses = [g for u in unknown for g in difflib.get_close_matches(u, list(known), n=1)]
    hint = f" (did you mean {', '.join(repr(g) for g in guesses)}?)" if guesses else ""
    return f"unknown keys {unknown}{hint}; known: {sorted(known)}"


def config_values(doc: dict[str, Any]) -> dict[str, Any]:
    """``SimulatorConfig`` keyword arguments from ``[meta]`` and ``[simulator]`` (seed, URL)."""
    values: dict[str, Any] = {}
    for key, value in table(doc, "meta", set(META_KEYS)).items():
        if not isinstance(value, str):
            raise SettingsFileError(f"[meta] {key} must be a string (ids too: quote them)")
        values[META_KEYS[key]] = value
    simulator = table(doc, "simulator", SIMULATOR_KEYS)
    if "seed" in simulator:
        if not isinstance(simulator["seed"], int) or isinstance(simulator["seed"], bool):
            raise SettingsFileError("[simulator] seed must be an integer")
        values["seed"] = simulator["seed"]
    if "public_url" in simulator:
        values["public_url"] = str(simulator["public_url"])
    return values


def listen_address(doc: dict[str, Any]) -> tuple[str, int]:
    """``[simulator] host`` and ``port`` (defaults: those of ``url``, else 127.0.0.1 and 8800)."""
    simulator = table(doc, "simulator", SIMULATOR_KEYS)
    running = urlsplit(str(simulator.get("url", "")))
    host = simulator.get("host", running.hostname or "127.0.0.1")
    port = simulator.get("port", running.port or 8800)
    if not isinstance(host, str) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise SettingsFileError("[simulator] host must be a string and port 0..65535")
    return host, port
