"""The settings a load run gives the reference service are ones it reads: a misspelt name
would be ignored without a word (the agent's hash at full cost, 8 positions, not 20)."""

from __future__ import annotations

from load.stack import REFERENCE_LOAD_ENV
from routing_service.settings import Settings

REQUIRED = {"ROUTING_ACCESS_TOKEN": "t", "ROUTING_APP_SECRET": "s", "ROUTING_VERIFY_TOKEN": "v"}


def test_the_load_runs_reference_service_takes_20_positions_and_the_cheap_hash() -> None:
    settings = Settings.from_env({**REQUIRED, **REFERENCE_LOAD_ENV})
    assert settings.positions == 20
    assert settings.scrypt_n == 1024
