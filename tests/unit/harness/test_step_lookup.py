"""The narrowed step lookup (fixtures/step_lookup.py) finds every step definition."""

from __future__ import annotations

import importlib

import pytest

from fixtures import step_lookup

compat = importlib.import_module("pytest_bdd.compat")
steps = importlib.import_module("pytest_bdd.steps")
scenario = importlib.import_module("pytest_bdd.scenario")


def test_the_lookup_is_narrowed_in_this_pytest_bdd() -> None:
    assert step_lookup.install() is True
    assert scenario.get_fixture_names is not compat.get_fixture_names


def test_every_step_definition_is_among_the_names_the_lookup_keeps(
    request: pytest.FixtureRequest,
) -> None:
    manager = request._fixturemanager
    defined = {}
    for name in compat.get_fixture_names(manager):
        for fixturedef in compat.getfixturedefs(manager, name, request.node) or []:
            if steps.step_function_context_registry.get(fixturedef.func) is not None:
                defined[name] = fixturedef
    assert len(defined) > 50, "the harness's step definitions were not loaded"
    kept = set(scenario.get_fixture_names(manager))
    assert set(defined) <= kept, sorted(set(defined) - kept)[:5]
    assert all(name.startswith(step_lookup.PREFIX) for name in kept)
