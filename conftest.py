"""The harness as a pytest plugin: options, markers, fixtures and steps."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.browser import launch_args, link_ffmpeg_for_video
from fixtures.harness import DRIVERS

pytest_plugins = [
    "fixtures.harness",
    "fixtures.browser",
    "steps.common",
    "steps.agent_console",
    "steps.instagram_user",
    "steps.platform",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ig-review", "Instagram App Review rehearsal")
    group.addoption(
        "--driver",
        default="api",
        help="how features reach the apps: api (in-process, fast), browser (Chromium), "
        "or both, comma-separated (default: api)",
    )
    group.addoption(
        "--seed", type=int, default=0, help="makes Faker data and ids repeatable (default 0)"
    )


def pytest_configure(config: pytest.Config) -> None:
    drivers = [d.strip() for d in config.getoption("driver").split(",") if d.strip()]
    unknown = sorted(set(drivers) - set(DRIVERS))
    if unknown or not drivers:
        raise pytest.UsageError(f"--driver takes {', '.join(DRIVERS)}; got {unknown or 'nothing'}")
    config.stash[DRIVERS_KEY] = drivers
    if "browser" in drivers:
        link_ffmpeg_for_video()


DRIVERS_KEY = pytest.StashKey[list[str]]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "driver_name" in metafunc.fixturenames:
        metafunc.parametrize("driver_name", metafunc.config.stash[DRIVERS_KEY])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("driver_name") == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use the system Chromium when there is one (Debian's, offline), else Playwright's."""
    return launch_args(browser_type_launch_args)


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    """With --screenshot=on, attach both windows after every step of a browser scenario."""
    if request.config.getoption("screenshot") == "on" and "review_windows" in request.fixturenames:
        request.getfixturevalue("review_windows").screenshots(f"after: {step.keyword} {step.name}")


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    """On a failed step of a browser scenario, attach both windows as they were."""
    request.node.scenario_failed = True
    if "review_windows" in request.fixturenames:
        request.getfixturevalue("review_windows").screenshots(f"failed: {step.keyword} {step.name}")
