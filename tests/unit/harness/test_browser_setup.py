"""Chromium selection: the system's when present, Playwright's when asked (the README, Chromium)."""

import pytest

from fixtures.browser import HOST_RULES, launch_args, system_chromium


def test_empty_chromium_path_forces_playwrights_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", "")
    assert system_chromium() is None
    assert "executable_path" not in launch_args({"headless": True})


def test_chromium_path_is_used_and_flags_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", "/opt/chrome/chrome")
    args = launch_args({"headless": True, "args": ["--lang=en-US"]})
    assert args["executable_path"] == "/opt/chrome/chrome"
    assert args["args"] == ["--lang=en-US", HOST_RULES]
    assert args["headless"] is True
