"""The routing service reaches Meta (the simulator) only over HTTP: no harness imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "routing_service"
FORBIDDEN = {"simulator", "steps", "fixtures", "reports"}


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


SOURCES = sorted(SERVICE.rglob("*.py"))


def test_the_service_has_sources() -> None:
    assert SERVICE / "app.py" in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_harness_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    assert not _imported_roots(tree) & FORBIDDEN


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
    assert _imported_roots(ast.parse(source)) & FORBIDDEN
