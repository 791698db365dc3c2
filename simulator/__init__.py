"""Meta's side of an Instagram Direct integration, simulated (docs/architecture.md section 1).

The public surface is small: `create_app` builds the Starlette app from a `SimulatorConfig`,
and `app.state.sim` is the `Simulator` facade; `simulator.contract` holds what a client of
Meta's side needs (webhook shapes and signing, the control API's routes, shapes and client),
and `simulator.settings_file` reads a harness.toml's `[meta]` table. Code outside the
simulator imports nothing else of it (tests/unit/simulator/test_exports.py).
"""

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator

__all__ = ["Simulator", "SimulatorConfig", "create_app"]
