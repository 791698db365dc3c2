"""Every "never" of docs/architecture.md, enforced on the source (AST), with its own self-test.

- routing_service reaches Meta only over HTTP: it imports nothing of the harness or simulator;
- simulator is Meta's side: it imports nothing of the harness or of the reference service;
- fixtures never import steps (driver fixtures live next to the drivers) and read Meta's facts
  through the control API, never the simulator's internals (``app.state.sim``, ``.store``);
- steps never reach the reference service: only its own drivers (``steps/drivers/reference*``)
  import it or name its private routes (``/api/...``);
- reports import nothing of the apps, fixtures or steps: they work from recorded files.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DRIVERS = {"steps/drivers/reference.py", "steps/drivers/reference_browser.py"}
REFERENCE_ROUTES = ("/api/", "/login", "/logout", "/console")


@dataclass(frozen=True)
class Rule:
    package: str
    forbidden_imports: frozenset[str]
    why: str
    forbidden_attributes: frozenset[str] = frozenset()
    exempt: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()  # modules of a forbidden package that may be used


RULES = [
    Rule(
        "routing_service",
        frozenset({"simulator", "steps", "fixtures", "reports", "tests"}),
        "the reference service knows Meta only by URL",
    ),
    Rule(
        "simulator",
        frozenset({"routing_service", "steps", "fixtures", "reports", "tests"}),
        "the simulator is Meta: it knows no system under test and no harness",
    ),
    Rule(
        "fixtures",
        frozenset({"steps", "routing_service.store", "routing_service.routing"}),
        "fixtures start apps and read Meta through the control API; drivers live in steps",
        forbidden_attributes=frozenset({"sim", "store"}),
    ),
    Rule(
        "steps",
        frozenset({"routing_service", "simulator"}),
        "steps judge any app through drivers (only the reference's own drivers know it) and "
        "know Meta's shapes from simulator.contract alone",
        exempt=frozenset(REFERENCE_DRIVERS),
        allowed=frozenset({"simulator.contract"}),
    ),
    Rule(
        "reports",
        frozenset({"routing_service", "simulator", "steps", "fixtures"}),
        "reports work from what a run recorded",
    ),
]


def modules(tree: ast.AST) -> set[str]:
    """The full names of the modules a source imports (``import``, ``from``, importlib)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def imported(tree: ast.AST) -> set[str]:
    """Every module a source imports, dotted (``a.b.c`` also counts as ``a`` and ``a.b``)."""
    names: set[str] = set()
    for name in modules(tree):
        parts = name.split(".")
        names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return names


def crossings(tree: ast.AST, rule: Rule) -> set[str]:
    """Imported modules the rule forbids (a module under an allowed one is fine)."""
    found = set()
    for name in modules(tree):
        parts = name.split(".")
        prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
        if any(name == a or name.startswith(a + ".") for a in rule.allowed):
            continue
        if prefixes & rule.forbidden_imports:
            found.add(name)
    return found


def attribute_reads(tree: ast.AST) -> set[str]:
    """``x.state.sim`` and ``x.store`` style reads of an app's internals."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"sim", "store"}:
            base = node.value
            if node.attr == "store" or (isinstance(base, ast.Attribute) and base.attr == "state"):
                found.add(node.attr)
    return found


def names_reference_routes(tree: ast.AST) -> list[str]:
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            hits += [r for r in REFERENCE_ROUTES if node.value.startswith(r)]
    return hits


def _sources(rule: Rule) -> list[Path]:
    return sorted((ROOT / rule.package).rglob("*.py"))


CASES = [(rule, path) for rule in RULES for path in _sources(rule)]


def test_every_package_has_sources() -> None:
    for rule in RULES:
        assert _sources(rule), rule.package


@pytest.mark.parametrize(("rule", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_the_boundary_holds(rule: Rule, path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    if relative in rule.exempt:
        return
    tree = ast.parse(path.read_text(), filename=str(path))
    crossing = crossings(tree, rule)
    assert not crossing, f"{relative} imports {sorted(crossing)}: {rule.why}"
    reads = attribute_reads(tree) & rule.forbidden_attributes
    assert not reads, f"{relative} reads an app's internals ({sorted(reads)}): {rule.why}"
    if rule.package == "steps":
        routes = names_reference_routes(tree)
        assert not routes, f"{relative} calls the reference service's {routes}: {rule.why}"


@pytest.mark.parametrize(
    "source",
    [
        "import simulator",
        "from simulator.app import create_app",
        "import steps.drivers as d",
        "from fixtures import stack",
        "import importlib\nimportlib.import_module('reports.review_kit')",
        "def f():\n    from simulator import config",
    ],
)
def test_the_check_catches_forbidden_imports(source: str) -> None:
    assert imported(ast.parse(source)) & RULES[0].forbidden_imports


def test_an_allowed_module_does_not_open_its_package() -> None:
    steps = next(r for r in RULES if r.package == "steps")
    assert not crossings(ast.parse("from simulator.contract import webhooks"), steps)
    both = "from simulator.contract.webhooks import envelope\nfrom simulator.service import X"
    assert crossings(ast.parse(both), steps) == {"simulator.service"}
    bare = "import simulator\nfrom simulator.contract import webhooks"
    assert crossings(ast.parse(bare), steps) == {"simulator"}


def test_the_check_catches_reading_internals_and_private_routes() -> None:
    assert attribute_reads(ast.parse("facts = app.state.sim.config")) == {"sim"}
    assert attribute_reads(ast.parse("sim.store.users")) == {"store"}
    assert attribute_reads(ast.parse("stack.sim.get('/_sim/state')")) == set()
    assert names_reference_routes(ast.parse("client.get('/api/conversations')")) == ["/api/"]
    assert imported(ast.parse("from routing_service.store import Store")) >= {
        "routing_service",
        "routing_service.store",
    }


# -- the control API's paths are written once, in simulator/contract/control.py ---------------
OUTSIDE_THE_CONTRACT = ("fixtures", "steps", "load", "benchmarks", "reports", "routing_service")


def control_paths(tree: ast.AST) -> list[str]:
    """String literals (docstrings aside) that spell a control API path (``/_sim...``)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "/_sim" in node.value
        and id(node) not in docstrings
    ]


CONTROL_CASES = sorted(p for pkg in OUTSIDE_THE_CONTRACT for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize(
    "path", CONTROL_CASES, ids=[str(p.relative_to(ROOT)) for p in CONTROL_CASES]
)
def test_control_api_paths_come_from_the_contract(path: Path) -> None:
    spelled = control_paths(ast.parse(path.read_text(), filename=str(path)))
    assert not spelled, (
        f"{path.relative_to(ROOT)} spells {spelled}: take the path from "
        "simulator.contract.control (an Endpoint's .path()) or its client, Control"
    )


def test_the_check_finds_a_spelled_control_path() -> None:
    source = (
        '"""Reads ``/_sim/state``."""\nx = sim.get("/_sim/state")\ny = f"{base}/_sim/users/{i}"'
    )
    assert control_paths(ast.parse(source)) == ["/_sim/state", "/_sim/users/"]


# -- no module reaches for another's private names ---------------------------------------------
PROJECT = ("simulator", "routing_service", "fixtures", "steps", "reports", "load", "benchmarks")


def private_imports(tree: ast.AST) -> list[str]:
    """``from project.module import _name``: another module's private helper."""
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
        and node.module.split(".")[0] in PROJECT
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]  # fmt: skip


PROJECT_CASES = sorted(p for pkg in PROJECT for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize(
    "path", PROJECT_CASES, ids=[str(p.relative_to(ROOT)) for p in PROJECT_CASES]
)
def test_no_private_name_is_imported_across_modules(path: Path) -> None:
    found = private_imports(ast.parse(path.read_text(), filename=str(path)))
    assert not found, f"{path.relative_to(ROOT)} imports private names {found}: make them public"


def test_the_check_finds_a_private_import() -> None:
    source = "from fixtures.external import _log_tail, launched\nfrom os import _exit"
    assert private_imports(ast.parse(source)) == ["fixtures.external._log_tail"]
