"""Helpers for the robustness tests: arbitrary JSON values and a service driven from sync code.

Hypothesis runs examples synchronously, so the service runs in a blocking portal's event loop
for the whole test (one app, one lifespan) and each example calls into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import strategies as st

from tests.unit.routing_service.conftest import Service, ServiceFactory

__all__ = ["json_values", "running", "sign_and_post"]

_ODD_TEXT = st.sampled_from(["", " ", "\ud800", "a\udfffb", "😀", "\x00", "ä" * 2000, "9" * 40])
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)  # NaN and Infinity are JSON to Python
    | st.text(max_size=20)
    | _ODD_TEXT
)
json_values = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from(["id", "mid", "text", "type"]),
                      children, max_size=4),
    max_leaves=12,
)  # fmt: skip


@contextmanager
def running(make_service: ServiceFactory) -> Iterator[tuple[BlockingPortal, Service]]:
    """A service with its lifespan entered, and the portal to call it through."""
    with (
        start_blocking_portal(backend="asyncio") as portal,
        portal.wrap_async_context_manager(make_service()) as service,
    ):
        yield portal, service


def sign_and_post(portal: BlockingPortal, service: Service, raw: bytes) -> httpx.Response:
    """POST ``raw`` to the webhook, signed as Meta signs it; returns once it was handled."""
    return portal.call(service.webhook, raw)
