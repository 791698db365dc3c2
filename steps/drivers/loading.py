"""Which console driver class a name means: a built-in name, or ``module:Class`` (a plug-in).

Built-ins: ``reference`` (the reference service's JSON API for ``--driver=api``, its pages for
``--driver=browser``), ``declarative`` (locators from ``harness.toml``), ``api-only`` (no
console). A plug-in is any class with the ``AgentConsole`` methods, built as ``Class(session)``
with a ``steps.drivers.base.ConsoleSession``; importable from the checkout's root or
``PYTHONPATH`` (the folder of the ``harness.toml`` is added too).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

from steps.drivers.base import AgentConsole

BUILT_IN = {
    ("reference", "api"): "steps.drivers.reference:ReferenceApiConsole",
    ("reference", "browser"): "steps.drivers.reference_browser:ReferenceBrowserConsole",
    ("declarative", None): "steps.drivers.declarative:DeclarativeConsole",
    ("api-only", None): "steps.drivers.api_only:ApiOnlyConsole",
}
REQUIRED = [
    name
    for name, member in vars(AgentConsole).items()
    if not name.startswith("_") and inspect.isfunction(member)
]


class DriverLoadError(ValueError):
    """The name does not lead to a usable driver class; the message says why."""


def driver_path(name: str, driver: str) -> str:
    """``module:Class`` for a console driver name under ``--driver=<driver>``."""
    for (built_in, kind), path in BUILT_IN.items():
        if name == built_in and kind in (None, driver):
            return path
    if ":" not in name:
        names = sorted({n for n, _ in BUILT_IN})
        raise DriverLoadError(f"console driver {name!r}: give one of {names} or module:Class")
    return name


def load_console_driver(name: str, driver: str, search: Path | None = None) -> type:
    """The class; refused with a reason when it cannot be imported or lacks a method."""
    path = driver_path(name, driver)
    module_name, _, class_name = path.partition(":")
    if search is not None and str(search) not in sys.path:
        sys.path.append(str(search))
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise DriverLoadError(
            f"console driver {path}: cannot import {module_name} ({exc})"
        ) from exc
    cls = getattr(module, class_name, None)
    if not inspect.isclass(cls):
        raise DriverLoadError(f"console driver {path}: {module_name} has no class {class_name}")
    missing = [m for m in REQUIRED if not callable(getattr(cls, m, None))]
    if missing:
        raise DriverLoadError(
            f"console driver {path} does not implement AgentConsole: missing {missing} "
            "(steps/drivers/base.py)"
        )
    if not isinstance(getattr(cls, "uses_browser", None), bool):
        raise DriverLoadError(
            f"console driver {path}: set the class attribute uses_browser = True or False"
        )
    return cls
