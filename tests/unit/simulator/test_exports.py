"""The package's public surface stays small and pinned (httpx's test_exported_members idea),
and what the rest of the project imports of the simulator is pinned too."""

from __future__ import annotations

import ast
import types
from pathlib import Path

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


# what code outside the simulator (the harness, load/, benchmarks/, reports/) may import of it:
# the package's exports, the modules that define them, and the contract (Meta's shapes and
# signing, the control API and its client); a new name here is a decision, not an accident
OUTSIDE_SURFACE = {
    "simulator",
    "simulator.app",
    "simulator.config",
    "simulator.settings_file",  # harness.toml's [meta] table
    "simulator.contract",
    "simulator.contract.control",
    "simulator.contract.control_client",
    "simulator.contract.control_shapes",
    "simulator.contract.signing",
    "simulator.contract.tables",
    "simulator.contract.webhooks",
}
OUTSIDE = ("fixtures", "steps", "load", "benchmarks", "reports")
ROOT = Path(__file__).resolve().parents[3]


def simulator_imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name for name in names if name.split(".")[0] == "simulator"}
    return found


def test_outside_code_uses_only_the_pinned_surface() -> None:
    used: dict[str, set[str]] = {}
    for package in OUTSIDE:
        for path in (ROOT / package).rglob("*.py"):
            for module in simulator_imports(path.read_text()):
                used.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    beyond = {
        module: sorted(paths) for module, paths in used.items() if module not in OUTSIDE_SURFACE
    }
    assert not beyond, f"outside code reaches into the simulator beyond its surface: {beyond}"
    assert {"simulator.contract.control_client", "simulator.app"} <= set(used)


def test_the_surface_check_reads_imports() -> None:
    source = "import simulator.service\nfrom simulator.contract import webhooks\nimport httpx"
    assert simulator_imports(source) == {"simulator.service", "simulator.contract"}
