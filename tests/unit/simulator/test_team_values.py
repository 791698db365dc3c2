"""Meta's side takes the values a team's app is already configured with.

A team's app knows its app id and secret, the account's token and IG_ID; the simulator must
accept exactly those (``python -m simulator serve`` flags, or ``harness.toml``), so the app
changes at most its Graph base URL.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import pytest

from simulator.__main__ import serve_config
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator
from simulator.settings_file import SettingsFileError, config_values, read_toml

pytestmark = pytest.mark.simulator_only

TEAM = {
    "app_id": "1234567890123456",
    "app_secret": "0123456789abcdef0123456789abcdef",
    "access_token": "IGAAteamtokenXYZ",
    "ig_id": "17841400000000001",
    "business_username": "acme.store",
    "business_name": "Acme Store",
}
TOML = """
[meta]
app_id = "1234567890123456"
app_secret = "0123456789abcdef0123456789abcdef"
access_token = "IGAAteamtokenXYZ"
ig_id = "17841400000000001"
business_username = "acme.store"
business_name = "Acme Store"

[simulator]
port = 8899
seed = 4
"""


def test_the_simulator_plays_meta_with_the_teams_values() -> None:
    sim = Simulator(SimulatorConfig(**TEAM))
    assert (sim.store.app.id, sim.store.app.secret) == (TEAM["app_id"], TEAM["app_secret"])
    assert sim.business.ig_id == TEAM["ig_id"]
    assert sim.business.access_token == TEAM["access_token"]
    assert sim.business.username == "acme.store"
    assert TEAM["access_token"] in sim.store.tokens


@pytest.mark.anyio
async def test_the_teams_token_is_accepted_by_the_graph_api() -> None:
    app = create_app(SimulatorConfig(**TEAM))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        me = await client.get(
            "/graph/v25.0/me",
            params={"fields": "user_id,username"},
            headers={"Authorization": f"Bearer {TEAM['access_token']}"},
        )
        wrong = await client.get("/graph/v25.0/me", params={"access_token": "IGAAother"})
    assert me.json()["user_id"] == TEAM["ig_id"] and me.json()["username"] == "acme.store"
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == 190


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("app_id", "12ab", "app_id must be digits"),
        ("ig_id", "not-an-id", "ig_id must be digits"),
        ("access_token", "with space", "access_token must be printable"),
        ("app_secret", "tab\tsecret", "app_secret must be printable"),
        ("business_username", "acme store!", "business_username must be 1-30"),
    ],
)
def test_unusable_team_values_are_refused_by_name(field: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SimulatorConfig(**{**TEAM, field: value})


def test_reset_with_another_seed_draws_other_users_and_keeps_the_account() -> None:
    """Between scenarios against a running app: new users, the app's own values unchanged."""
    seeded = Simulator(SimulatorConfig(seed=2))
    token, ig_id = seeded.business.access_token, seeded.business.ig_id
    first = seeded.create_user()
    seeded.reset(seed=9)
    other = seeded.create_user()
    assert other.igsid != first.igsid
    assert (seeded.business.access_token, seeded.business.ig_id) == (token, ig_id)
    seeded.reset()
    assert seeded.create_user().igsid == first.igsid  # back to the configured seed


def test_the_toml_file_gives_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "harness.toml"
    path.write_text(TOML)
    values = config_values(read_toml(path))
    assert values == {**TEAM, "seed": 4}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[meta]\napp_key = '1'\n", r"unknown keys \['app_key'\]"),
        ("[meta]\napp_id = 1234\n", "must be a string"),
        ("[meta\n", "not a readable TOML file"),
        ("[simulator]\nseed = 'x'\n", "seed must be an integer"),
    ],
)
def test_a_bad_toml_file_is_refused_by_name(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "harness.toml"
    path.write_text(text)
    with pytest.raises(SettingsFileError, match=message):
        config_values(read_toml(path))


def _serve_args(**given: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "config": None,
        "host": None,
        "port": None,
        "seed": None,
        "public_url": None,
        "app_mode": None,
        "app_id": None,
        "app_secret": None,
        "app_name": None,
        "access_token": None,
        "ig_id": None,
        "business_username": None,
        "business_name": None,
        "graph_version": None,
        "login_flavour": None,
        "page_id": None,
        "user_access_token": None,
    }
    return argparse.Namespace(**{**defaults, **given})


def test_serve_flags_override_the_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "harness.toml"
    path.write_text(TOML)
    config, host, port = serve_config(
        _serve_args(config=str(path), access_token="IGAAfromTheFlag", port=9001)
    )
    assert config.access_token == "IGAAfromTheFlag" and config.app_id == TEAM["app_id"]
    assert (host, port, config.seed) == ("127.0.0.1", 9001, 4)
    assert config.public_url == "http://127.0.0.1:9001"


def test_serve_without_a_file_derives_everything_from_the_seed() -> None:
    config, host, port = serve_config(_serve_args(seed=3))
    assert (host, port) == ("127.0.0.1", 8800)
    assert config == SimulatorConfig(seed=3, public_url="http://127.0.0.1:8800")
