"""The drivers' fixtures: each actor's driver for the chosen ``--driver`` and console driver.

``--driver`` says how the harness acts: ``api`` (the Instagram user through the simulator's
control API; the console through the app's non-browser driver when it has one) or ``browser``
(the reviewer's two windows in Chromium). The console driver comes from the system under test
(``[console] driver``, or ``--console-driver``); a scenario that needs a capability the driver
lacks is skipped with the reason.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from fixtures.plugin import DRIVERS_KEY
from fixtures.stack import Stack
from fixtures.sut import SutConfig
from fixtures.sut_plugin import SUT_KEY
from steps.drivers.base import (
    CAPABILITY_TAGS,
    CONSOLE,
    AgentConsole,
    ConsoleSession,
    InstagramUser,
    capabilities_of,
)
from steps.drivers.console_memory import ConsoleMemory
from steps.drivers.declarative import DeclarativeConsole
from steps.drivers.instagram import ApiInstagramUser, BrowserInstagramUser
from steps.drivers.loading import DriverLoadError, load_console_driver
from steps.drivers.locators import LocatorError, check_locators, check_options
from steps.drivers.page_tools import NOTIFICATION_RECORDER

_RECORDING: weakref.WeakSet[Any] = weakref.WeakSet()  # browser contexts recording notifications


def console_session(
    stack: Stack, page: Any = None, memory: ConsoleMemory | None = None
) -> ConsoleSession:
    """What a console driver is built with, for this stack (its clients close with it)."""
    return ConsoleSession(
        app_url=stack.app_url,
        agent=stack.agent,
        http=stack.new_app_client(),
        fresh_http=stack.new_app_client,
        sim=stack.sim,
        spec=stack.sut.console,
        business=stack.business,
        page=page,
        outlives_scenario=not stack.sut.per_scenario,
        memory=memory if memory is not None else ConsoleMemory(),
    )


def console_class(sut: SutConfig, driver_name: str) -> type:
    search = sut.source.parent if sut.source else None
    try:
        return load_console_driver(sut.console.driver, driver_name, search)
    except DriverLoadError as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.hookimpl(trylast=True)  # once the SUT and the drivers are known
def pytest_configure(config: pytest.Config) -> None:
    """A console driver that cannot be loaded stops the run before any test, with why."""
    sut = config.stash[SUT_KEY]
    for driver_name in config.stash[DRIVERS_KEY]:
        if issubclass(console_class(sut, driver_name), DeclarativeConsole):
            try:
                check_locators(sut.console.locators)
                check_options(sut.console.options)
            except LocatorError as exc:
                raise pytest.UsageError(f"{sut.source or 'the console'}: {exc}") from None


@pytest.fixture
def console_driver_class(sut_config: SutConfig, driver_name: str) -> type:
    return console_class(sut_config, driver_name)


@pytest.fixture
def console_uses_browser(console_driver_class: type) -> bool:
    return console_driver_class.uses_browser


def needed_capabilities(node: pytest.Item) -> set[str]:
    """What the scenario's tags ask of the console driver (``console`` unless ``no_console``)."""
    needed = set() if node.get_closest_marker("no_console") else {CONSOLE}
    return needed | {tag for tag in CAPABILITY_TAGS if node.get_closest_marker(tag)}


@pytest.fixture(scope="session")
def console_memory() -> ConsoleMemory:
    """What console drivers keep from one scenario to the next, for this test session."""
    return ConsoleMemory()


@pytest.fixture
def agent_console(
    driver_name: str,
    stack: Stack,
    console_driver_class: type,
    request: pytest.FixtureRequest,
) -> Iterator[AgentConsole]:
    missing = needed_capabilities(request.node) - capabilities_of(console_driver_class)
    if missing:
        pytest.skip(
            f"the console driver {stack.sut.console.driver} ({console_driver_class.__name__}) "
            f"lacks {', '.join(sorted(missing))}, which this scenario needs"
        )
    page = None
    if console_driver_class.uses_browser:
        fixture = "review_windows" if driver_name == "browser" else "console_window"
        page = request.getfixturevalue(fixture).agent
        if page.context not in _RECORDING:  # a lasting window has it from its first scenario
            page.context.add_init_script(NOTIFICATION_RECORDER)
            _RECORDING.add(page.context)
    memory = request.getfixturevalue("console_memory")
    console: AgentConsole = console_driver_class(console_session(stack, page, memory))
    yield console
    tidy = getattr(console, "end_open_conversations", None)
    if not stack.sut.per_scenario and callable(tidy):
        tidy()  # the app outlives the scenario: free the positions its conversations took
    console.close()


@pytest.fixture
def instagram_user(
    driver_name: str, stack: Stack, tester: dict, request: pytest.FixtureRequest
) -> Iterator[InstagramUser]:
    if driver_name == "browser":
        windows = request.getfixturevalue("review_windows")
        user: InstagramUser = BrowserInstagramUser(windows.instagram, stack.simulator_url)
    else:
        user = ApiInstagramUser(stack.sim, tester)
    yield user
    user.close()
