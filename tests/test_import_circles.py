"""No import circle anywhere in the project's packages (read from the source, with its own
self-test): a circle hides which layer is below which, and a module of one can only be
understood, tested and moved with all the others.

Every import counts, a deferred one inside a function too (deferring is how a circle hides);
only those under ``if TYPE_CHECKING:`` do not, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("simulator", "routing_service", "fixtures", "steps", "reports", "load", "benchmarks")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def imports_of(name: str, source: str, known: Iterable[str]) -> set[str]:
    """The project modules ``name`` (whose source is given) imports, each resolved to the
    longest known module (``from a.b import c`` is ``a.b.c`` if that is a module, else ``a.b``)."""
    known = set(known)

    def resolve(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    tree = ast.parse(source)
    skipped = _type_checking_only(tree)
    package = name if name + ".__init__" in known else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            found.update(resolve(f"{base}.{alias.name}") for alias in node.names)
    found.discard(name)
    return {m for m in found if m is not None}


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle_in_the_project() -> None:
    modules = project_modules()
    known = set(modules) | {f"{m}.__init__" for m, p in modules.items() if p.name == "__init__.py"}
    graph = {name: imports_of(name, path.read_text(), known) for name, path in modules.items()}
    assert sum(map(len, graph.values())) > 200, "the imports were not read"
    found = circles(graph)
    assert not found, "modules that import each other (directly or round a circle): " + "; ".join(
        " <-> ".join(circle) for circle in found
    )


def test_the_check_finds_a_circle_and_only_one() -> None:
    known = {"a", "a.x", "a.y", "a.z", "b"}
    graph = {
        "a.x": imports_of("a.x", "from a.y import f", known),
        "a.y": imports_of("a.y", "def g():\n    from a import z", known),
        "a.z": imports_of("a.z", "import a.x\nfrom b import h", known),
        "b": imports_of(
            "b", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n import a.x", known
        ),
        "a": set(),
    }
    assert graph["a.y"] == {"a.z"} and graph["b"] == set()
    assert circles(graph) == [["a.x", "a.y", "a.z"]]
    graph["a.z"] = {"b"}
    assert circles(graph) == []


def test_relative_imports_resolve_from_their_package() -> None:
    known = {"p", "p.__init__", "p.q", "p.r"}
    assert imports_of("p.q", "from .r import thing\nfrom . import r", known) == {"p.r"}
    assert imports_of("p", "from .q import thing", known) == {"p.q"}
