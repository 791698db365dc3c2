"""``routing.toml``: the service's settings and its agents in one file an admin keeps.

    [service]                  # any setting, by its ROUTING_* name in lower case
    graph_base_url = "https://graph.instagram.com"
    database = "/var/lib/relay/routing.sqlite3"
    positions = 8

    [[agents]]                 # upserted at each start
    login = "bea"
    name = "Bea Agent"
    password_hash = "scrypt$16384$8$1$..."   # python -m routing_service hash-password
    positions = 4              # optional: 1-20, else [service] positions

``ROUTING_*`` variables override the file (secrets usually come from the environment). Every
key is checked: a typo is answered with the nearest known key, a plain ``password`` is refused.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from routing_service.settings import MAX_POSITIONS, Settings, SettingsError

__all__ = ["AgentSpec", "ConfigFile", "load"]

AGENT_KEYS = ("login", "name", "password_hash", "positions")


@dataclass(frozen=True)
class AgentSpec:
    login: str
    name: str
    password_hash: str
    positions: int | None = None


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    service: dict[str, Any]
    agents: tuple[AgentSpec, ...]


def load(path: str | Path) -> ConfigFile:
    """Read and check the file; ``SettingsError`` names the file and the key."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not TOML: {exc}") from None
    _known(path, "the file", doc, ("service", "agents"))
    service = doc.get("service", {})
    if not isinstance(service, dict):
        raise SettingsError(f"{path}: [service] must be a table")
    _known(path, "[service]", service, tuple(f.name for f in fields(Settings)))
    agents = doc.get("agents", [])
    if not isinstance(agents, list):
        raise SettingsError(f"{path}: agents must be [[agents]] tables")
    specs = tuple(_agent(path, i, raw) for i, raw in enumerate(agents))
    logins = [a.login for a in specs]
    twice = sorted({login for login in logins if logins.count(login) > 1})
    if twice:
        raise SettingsError(f"{path}: [[agents]] logins appear twice: {twice}")
    return ConfigFile(path, service, specs)


def _agent(path: Path, index: int, raw: Any) -> AgentSpec:
    where = f"[[agents]] #{index + 1}"
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: {where} must be a table")
    if "password" in raw:
        raise SettingsError(
            f"{path}: {where} has a plain password: store its hash (password_hash) from "
            "`python -m routing_service hash-password`"
        )
    _known(path, where, raw, AGENT_KEYS)
    for key in ("login", "name", "password_hash"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise SettingsError(f"{path}: {where} {key} is required (a string)")
    if not raw["password_hash"].startswith("scrypt$") or raw["password_hash"].count("$") != 5:
        raise SettingsError(
            f"{path}: {where} password_hash is not a scrypt hash from hash-password"
        )
    positions = raw.get("positions")
    if positions is not None and (
        isinstance(positions, bool) or not isinstance(positions, int)
        or not 1 <= positions <= MAX_POSITIONS
    ):  # fmt: skip
        raise SettingsError(f"{path}: {where} positions must be 1 to {MAX_POSITIONS}")
    return AgentSpec(raw["login"].strip(), raw["name"].strip(), raw["password_hash"], positions)


def _known(path: Path, where: str, table: dict[str, Any], known: tuple[str, ...]) -> None:
    for key in table:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f"; known: {list(known)}"
            raise SettingsError(f"{path}: {where} has unknown key {key!r}{hint}")
