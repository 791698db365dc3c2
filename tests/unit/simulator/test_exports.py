"""The package's public surface stays small and pinned (httpx's test_exported_members idea)."""

from __future__ import annotations

import types

import pytest

import simulator
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator

pytestmark = pytest.mark.simulator_only


def test_all_is_exactly_the_small_public_surface() -> None:
    assert simulator.__all__ == ["Simulator", "SimulatorConfig", "create_app"]


def test_every_public_name_is_exported_in_ruff_order_and_nothing_else() -> None:
    public = [
        name
        for name, value in vars(simulator).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    ]
    assert simulator.__all__ == sorted(public)  # RUF022's order for these names


def test_exports_are_the_objects_of_their_modules() -> None:
    assert (simulator.create_app, simulator.SimulatorConfig, simulator.Simulator) == (
        create_app,
        SimulatorConfig,
        Simulator,
    )
    namespace: dict[str, object] = {}
    exec("from simulator import *", namespace)
    assert {k for k in namespace if not k.startswith("__")} == set(simulator.__all__)
