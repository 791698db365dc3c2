"""Property tests of ``POST /webhooks/instagram``: random odd bodies, correctly signed.

Derandomized (the same examples every run, like the harness's seeds) and without an example
database, so nothing is written into the checkout.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.routing_service.conftest import IG_ID, ServiceFactory, envelope, text_event
from tests.unit.routing_service.odd_inputs import json_values, running, sign_and_post

DELETE = object()
EXAMPLES = settings(max_examples=150, deadline=None, database=None, derandomize=True)


def _message(igsid: str, mid: str, text: str, **more: Any) -> dict[str, Any]:
    event = text_event(igsid, mid, text)
    event["message"].update(more)
    return event


REALISTIC = {"object": "instagram", "entry": [
    {"id": IG_ID, "time": 1, "messaging": [
        _message("401", "t", "hi"),
        _message("401", "s", "", attachments=[
            {"type": "story_mention", "payload": {"url": "http://cdn.test/s.jpg"}}]),
        _message("401", "r", "Nice!", reply_to={"story": {"url": "http://cdn.test/a", "id": "1"}}),
        {**_message(IG_ID, "e", "Hello", is_echo=True), "recipient": {"id": "401"}},
        _message("401", "t", "", is_deleted=True),
        {"sender": {"id": "401"}, "recipient": {"id": IG_ID}, "timestamp": 1,
         "reaction": {"mid": "t", "action": "react", "reaction": "love"}},
    ]},
    {"id": IG_ID, "time": 2, "standby": [_message("402", "y", "standby")]},
]}  # fmt: skip


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into ``value`` (dict keys and list indexes), the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _mutate(document: Any, path: tuple, value: Any) -> Any:
    """A copy of ``document`` with ``value`` put at ``path`` (or that key deleted)."""
    if not path:
        return value
    doc = copy.deepcopy(document)
    *parents, last = path
    node = doc
    for step in parents:
        node = node[step]
    if value is DELETE:
        del node[last]
    else:
        node[last] = copy.deepcopy(value)
    return doc


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(_paths(REALISTIC)), json_values | st.just(DELETE)),
    min_size=1,
    max_size=3,
)


def test_randomly_mutated_batches_never_get_a_500_and_are_kept(
    make_service: ServiceFactory,
) -> None:
    counter = itertools.count()
    with running(make_service) as (portal, service):
        portal.call(service.login)
        portal.call(service.set_status, "operating")

        @EXAMPLES
        @given(MUTATIONS)
        def check(mutations: list[tuple[tuple, Any]]) -> None:
            fresh = f'"mid": "{next(counter)}_'  # new mids, so each example stores anew
            doc: Any = json.loads(json.dumps(REALISTIC).replace('"mid": "', fresh))
            for path, value in mutations:
                with contextlib.suppress(KeyError, IndexError, TypeError):
                    doc = _mutate(doc, path, value)  # skipped when an earlier one removed it
            raw = json.dumps(doc).encode()
            response = sign_and_post(portal, service, raw)
            assert response.status_code in (200, 400), response.text
            assert service.router.store.webhook_events()[-1]["body"] == raw.decode()
            listing = portal.call(service.client.get, "/api/conversations")
            assert listing.status_code == 200, listing.text

        check()
        assert next(counter) > 100  # the property really ran on many examples


def test_any_well_formed_text_from_any_igsid_is_stored_exactly(
    make_service: ServiceFactory,
) -> None:
    counter = itertools.count()
    with running(make_service) as (portal, service):

        @EXAMPLES
        @given(st.text(max_size=3000), st.text(min_size=1, max_size=40))
        def check(text: str, igsid: str) -> None:
            mid = f"mid_{next(counter)}"
            raw = json.dumps(envelope(text_event(igsid, mid, text))).encode()
            assert sign_and_post(portal, service, raw).status_code == 200
            stored = service.router.store.message_by_mid(mid)
            assert stored is not None and (stored.igsid, stored.text) == (igsid, text)

        check()
        assert next(counter) > 100  # the property really ran on many examples
