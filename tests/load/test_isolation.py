"""Locust (and its gevent monkey-patching) stays out of pytest: only Locust's own processes
load ``load/locustfile.py``; the runner and the arithmetic import neither."""

from __future__ import annotations

import sys

import load.__main__  # noqa: F401 (the whole runner, imported as a test run imports it)


def test_pytest_never_imports_gevent_or_locust() -> None:
    assert "gevent" not in sys.modules
    assert "locust" not in sys.modules
