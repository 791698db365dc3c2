"""Attach what a run saw to its Allure result; a no-op when no ``--alluredir`` is given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import allure


def recording(config: Any) -> bool:
    """Whether this run writes Allure results (``--alluredir``): else attaching is wasted work."""
    return bool(getattr(config.option, "allure_report_dir", None))


def attach_json(name: str, data: Any) -> None:
    allure.attach(
        json.dumps(data, indent=2, ensure_ascii=False),
        name=name,
        attachment_type=allure.attachment_type.JSON,
    )


def attach_png(name: str, png: bytes) -> None:
    allure.attach(png, name=name, attachment_type=allure.attachment_type.PNG)


def attach_video(name: str, path: Path) -> None:
    allure.attach.file(str(path), name=name, attachment_type=allure.attachment_type.WEBM)


def attach_file(name: str, path: Path) -> None:
    """Any file, by its extension (a Playwright trace is a zip)."""
    allure.attach.file(str(path), name=name, extension=path.suffix.lstrip("."))


def attach_text(name: str, text: str) -> None:
    allure.attach(text, name=name, attachment_type=allure.attachment_type.TEXT)


def name_the_system_under_test(name: str, url: str) -> None:
    """The app a result judged, as a parameter (results of two apps never merge) and a link."""
    allure.dynamic.parameter("system under test", name)
    if url.startswith("http"):
        allure.dynamic.link(url, name=f"{name} (as the run reached it)")
