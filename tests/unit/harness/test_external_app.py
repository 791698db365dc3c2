"""A team's app as its own process: started from [app] command, ready-checked, stopped; an app
that outlives one scenario keeps its process while Meta's side starts over."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from fixtures.external import AppDidNotStart, launched
from fixtures.stack import World
from fixtures.sut import TEMPLATE_NAMES, SutConfig, from_toml

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "examples" / "reference-service" / "harness.toml"
VALUES = {name: f"<{name}>" for name in TEMPLATE_NAMES - {"port", "run_dir"}}


def _with_command(command: list[str], timeout: float = 5.0) -> SutConfig:
    sut = from_toml(REFERENCE)
    assert sut.launch is not None
    return replace(sut, launch=replace(sut.launch, command=tuple(command), start_timeout_s=timeout))


def test_an_app_that_exits_is_reported_with_the_end_of_its_log() -> None:
    sut = _with_command([sys.executable, "-c", "print('missing ROUTING_X'); raise SystemExit(2)"])
    with pytest.raises(AppDidNotStart, match="exited with code 2") as caught, launched(sut, VALUES):
        pass
    assert "missing ROUTING_X" in str(caught.value)


def test_an_app_that_never_answers_is_reported_after_its_start_timeout() -> None:
    sut = _with_command(
        [sys.executable, "-c", "import time; print('booting'); time.sleep(60)"], 0.5
    )
    with (
        pytest.raises(AppDidNotStart, match=r"did not answer .* within 0.5 s") as caught,
        launched(sut, VALUES),
    ):
        pass
    assert "booting" in str(caught.value)


def test_a_command_that_is_not_installed_is_named() -> None:
    sut = _with_command(["no-such-runtime-xyz", "server.js"])
    with (
        pytest.raises(AppDidNotStart, match="'no-such-runtime-xyz' is not installed"),
        launched(sut, VALUES),
    ):
        pass


def test_a_session_lifetime_app_is_started_once_and_meta_starts_over_per_scenario() -> None:
    sut = from_toml(REFERENCE)
    assert sut.launch is not None
    sut = replace(sut, launch=replace(sut.launch, lifetime="session"))
    users = []
    with World(sut, seed=5) as world:
        assert world.app is not None and world.app.log is not None
        log = world.app.log
        for seed in (1, 2):
            with world.scenario(seed) as stack:
                assert stack.app is world.app and stack.mode == "external"
                users.append(stack.sim.post("/_sim/users", json={}).json()["igsid"])
                state = stack.sim.get("/_sim/state").json()
                assert state["seed"] == seed and state["subscription"]["active"]
                login = stack.new_app_client().get("/login")
                assert login.status_code == 200  # the same process answers each scenario
    assert users[0] != users[1]
    assert not log.exists()  # the start's folder is gone with the app
