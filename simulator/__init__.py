"""Meta's side of an Instagram Direct integration, simulated (docs/architecture.md section 1).

The public surface is small: `create_app` builds the Starlette app from a `SimulatorConfig`,
and `app.state.sim` is the `Simulator` facade. Everything else is reached through submodules.
"""

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator

__all__ = ["Simulator", "SimulatorConfig", "create_app"]
