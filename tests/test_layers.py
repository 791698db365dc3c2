"""Meta's side in layers that point one way (read from the source): each module imports only
its own layer and those below it, so the bottom can be read, tested and reused alone.

1. foundation: Meta's shapes and signing (``contract``), ids, the clock, errors, input checks,
   Graph versions, the configuration;
2. state: the records and the store (``simulator/state/``);
3. backend: Meta's rules as plain functions over the state (``simulator/backend/``);
4. everything above: the webhook runtime, the facade, the HTTP handlers and pages.
Imports under ``if TYPE_CHECKING:`` do not count (they never run).
"""

from __future__ import annotations

import pytest

from tests.test_import_circles import imports_of, project_modules

LAYERS = (
    (
        "foundation",
        (
            "simulator.contract",
            "simulator.ids",
            "simulator.clock",
            "simulator.errors",
            "simulator.inputs",
            "simulator.versions",
            "simulator.config",
        ),
    ),
    ("state", ("simulator.state",)),
    ("backend", ("simulator.backend",)),
)
ABOVE = len(LAYERS)


def layer_of(module: str) -> int:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return ABOVE


def name_of(rank: int) -> str:
    return LAYERS[rank][0] if rank < ABOVE else "above the backend"


def upward(module: str, imports: set[str]) -> list[str]:
    """The imports of ``module`` that point to a higher layer."""
    rank = layer_of(module)
    return sorted(m for m in imports if m.startswith("simulator") and layer_of(m) > rank)


MODULES = project_modules()
KNOWN = set(MODULES) | {f"{m}.__init__" for m, p in MODULES.items() if p.name == "__init__.py"}
LOWER = sorted(m for m in MODULES if m.startswith("simulator") and layer_of(m) < ABOVE)


@pytest.mark.parametrize("module", LOWER)
def test_a_lower_layer_imports_nothing_above_it(module: str) -> None:
    imports = imports_of(module, MODULES[module].read_text(), KNOWN)
    wrong = upward(module, imports)
    assert not wrong, f"{module} ({name_of(layer_of(module))}) imports " + ", ".join(
        f"{m} ({name_of(layer_of(m))})" for m in wrong
    )


def test_every_layer_has_modules() -> None:
    assert {name_of(layer_of(m)) for m in LOWER} == {name for name, _ in LAYERS}


def test_the_check_sees_an_upward_import() -> None:
    assert upward("simulator.state.store", {"simulator.cdn", "simulator.ids"}) == ["simulator.cdn"]
    assert upward("simulator.backend.tokens", {"simulator.state.models", "simulator.errors"}) == []
    assert upward("simulator.config", {"simulator.backend.versions"}) == [
        "simulator.backend.versions"
    ]
