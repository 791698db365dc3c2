"""Seeded ids and Faker users: the same seed gives the same world."""

from __future__ import annotations

import re

import pytest

from simulator.config import SimulatorConfig
from simulator.service import Simulator

pytestmark = pytest.mark.simulator_only


def _world(seed: int) -> list[tuple[str, ...]]:
    sim = Simulator(SimulatorConfig(seed=seed))
    users = [sim.create_user() for _ in range(3)]
    mid = sim.send_text(users[0], "hi").mid
    return [
        (
            sim.config.app_id,
            sim.config.app_secret,
            sim.business.ig_id,
            sim.business.access_token,
            mid,
        ),
        *[(u.igsid, u.username, u.name, u.password, u.thread_id) for u in users],
    ]


def test_same_seed_same_world_and_different_seed_different_world() -> None:
    assert _world(3) == _world(3)
    assert _world(3) != _world(4)


def test_id_formats() -> None:
    sim = Simulator(SimulatorConfig(seed=1))
    user = sim.create_user()
    assert re.fullmatch(r"[1-9]\d{15}", user.igsid)
    assert re.fullmatch(r"17841\d{12}", sim.business.ig_id)
    assert re.fullmatch(r"\d{15,16}", sim.config.app_id)
    assert re.fullmatch(r"[0-9a-f]{32}", sim.config.app_secret)
    assert sim.business.access_token.startswith("IGAA")
    mid = sim.send_text(user, "x").mid
    assert mid.startswith("aWdfZAG1") and re.fullmatch(r"[A-Za-z0-9_-]+", mid)
    assert re.fullmatch(r"[a-z0-9._]+", user.username)
    assert user.password == "Test123*" and user.role == "tester"


def test_reset_restores_the_seeded_initial_state() -> None:
    sim = Simulator(SimulatorConfig(seed=5))
    first = sim.create_user()
    sim.send_text(first, "hello")
    sim.reset()
    assert sim.users() == []
    again = sim.create_user()
    assert (again.igsid, again.username) == (first.igsid, first.username)
    assert sim.thread(again) == []
    assert sim.deliveries.all() == []


def test_usernames_stay_unique_and_explicit_ones_are_checked() -> None:
    sim = Simulator()
    sim.create_user(username="ana_b")
    with pytest.raises(ValueError):
        sim.create_user(username="ana_b")
    with pytest.raises(ValueError):
        sim.create_user(role="owner")
    assert sim.authenticate("ana_b", "Test123*") is not None
    assert sim.authenticate("@Ana_B", "Test123*") is not None  # usernames are case-insensitive
    with pytest.raises(ValueError):
        sim.create_user(username="Company_Page")
    assert sim.authenticate("ana_b", "wrong") is None
